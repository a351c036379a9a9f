package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole offboarding path across both services: cancel over HTTP, export-only access during retention, an
 * operator's early offboarding, then every credential refused, the command side's rows and the query side's documents
 * of the tenant gone, and another tenant with the same lead id and owner email untouched.
 */
class TenantOffboardingEndToEndTest {

    private static final String PASSWORD = "a long owner password";
    private static final String EMAIL = "owner@shared-domain.test";
    private static final String SELLER = "Shared Seller";
    private static final String SELLER_PHONE = "+15125550101";

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = new Platform().start();
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    private record Tenant(String tenantId, Caller owner) {
    }

    @Test
    void aCanceledTenantIsOffboardedAndOnlyItsRecordAndHistoryRemain() {
        Tenant a = tenantWithLead("Alpha Offboarding");
        Tenant b = tenantWithLead("Beta Offboarding");
        String tenantPath = "/api/v1/tenants/" + a.tenantId();

        Caller.Answer canceled = Caller.operator().post(platform.commandUrl() + tenantPath + "/cancel",
                "{\"reason\":\"closed the business\"}");
        assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
        JsonNode retained = Http.get(platform.queryUrl() + tenantPath, canceled.consistencyToken()).json();
        assertThat(retained.get("status").asText()).isEqualTo("canceled");
        assertThat(retained.get("retentionEndsAt").asText()).isNotBlank();
        Caller exporter = Caller.bearer(login(a.tenantId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Caller.Answer subscription = exporter.get(platform.queryUrl() + "/api/v1/subscription");
            assertThat(subscription.status()).isEqualTo(200);
            assertThat(subscription.text("retentionEndsAt")).isEqualTo(retained.get("retentionEndsAt").asText());
            assertThat(exporter.get(platform.queryUrl() + "/api/v1/leads").text("type"))
                    .isEqualTo("urn:nlre:problem:tenant-canceled");
        });

        Caller.Answer export = exporter.post(platform.queryUrl() + "/api/v1/gdpr/exports", null);
        assertThat(export.status()).as("a canceled tenant may export during retention: " + export.body())
                .isEqualTo(202);
        assertThat(operatorState(a)).as("its consent number is readable during retention").contains(SELLER_PHONE);

        Caller.Answer offboarded = Caller.operator().post(platform.commandUrl() + tenantPath + "/offboarding",
                "{\"reason\":\"the tenant asked for immediate deletion\"}");
        assertThat(offboarded.status()).as(offboarded.body()).isEqualTo(200);
        JsonNode record = Http.get(platform.queryUrl() + tenantPath, offboarded.consistencyToken()).json();

        assertThat(record.get("status").asText()).isEqualTo("offboarded");
        assertThat(record.get("statusReason").asText()).isEqualTo("the tenant asked for immediate deletion");
        assertThat(record.toString()).doesNotContain(EMAIL, "Alpha Offboarding");
        assertThat(queryCollectionsOf(a.tenantId())).containsOnly("tenants", "projection_positions");
        JdbcTemplate events = platform.commandContext().getBean(JdbcTemplate.class);
        assertThat(events.queryForObject("SELECT COUNT(*) FROM user_credentials WHERE tenant_id = ?", Long.class,
                a.tenantId())).isZero();
        assertThat(events.queryForObject("SELECT COUNT(*) FROM tenant_event_index WHERE tenant_id = ?", Long.class,
                a.tenantId())).as("the history stays").isPositive();
        assertThat(events.queryForObject("SELECT COUNT(*) FROM tenant_keys WHERE tenant_id = ? AND wrapped_key IS NOT NULL",
                Long.class, a.tenantId())).as("the tenant key is shredded").isZero();
        assertThat(events.queryForObject("SELECT COUNT(*) FROM subject_keys WHERE tenant_id = ? AND wrapped_key IS NOT NULL",
                Long.class, a.tenantId())).as("so are its subjects' keys").isZero();
        assertThat(operatorState(a)).as("its personal data in the event store can no longer be read")
                .doesNotContain(SELLER_PHONE).contains("[erased]");
        assertThat(operatorState(b)).contains(SELLER_PHONE).doesNotContain("[erased]");
        Caller.Answer login = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(a.tenantId(), EMAIL, PASSWORD));
        assertThat(login.status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exporter
                .get(platform.queryUrl() + "/api/v1/subscription").text("type"))
                .isEqualTo("urn:nlre:problem:tenant-offboarded"));

        Caller.Answer leadOfB = b.owner().get(platform.queryUrl() + "/api/v1/leads/crm-shared");
        assertThat(leadOfB.status()).as(leadOfB.body()).isEqualTo(200);
        assertThat(queryCollectionsOf(b.tenantId())).contains("leads", "tenant_users", "usage_entries");
        assertThat(Caller.bearer(login(b.tenantId())).post(platform.commandUrl() + "/api/v1/leads/crm-shared/tags",
                "{\"tag\":\"still-here\"}").status()).isEqualTo(200);
    }

    private static Tenant tenantWithLead(String businessName) {
        Caller.Answer created = Caller.operator().post(platform.commandUrl() + "/api/v1/tenants", """
                {"businessName":"%s","businessType":"wholesale","plan":"professional","ownerPassword":"%s",
                 "owner":{"name":"Shared Owner","email":"%s","phone":"+15551234567"}}"""
                .formatted(businessName, PASSWORD, EMAIL));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tenantId = created.text("tenantId");
        Caller owner = Caller.bearer(login(tenantId));
        Caller.Answer lead = owner.post(platform.commandUrl() + "/api/v1/leads", """
                {"leadId":"crm-shared","contact":{"name":"%s","phones":["%s"]}}""".formatted(SELLER, SELLER_PHONE));
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        Caller.Answer consent = owner.post(platform.commandUrl() + "/api/v1/leads/crm-shared/consents", """
                {"phone":"%s","evidence":{"givenAt":"2026-01-01T12:00:00Z","method":"web_form","consentTextVersion":"v1"}}"""
                .formatted(SELLER_PHONE));
        assertThat(consent.status()).as(consent.body()).isBetween(200, 201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(owner.get(platform.queryUrl() + "/api/v1/leads/crm-shared").status()).isEqualTo(200));
        return new Tenant(tenantId, owner);
    }

    /** The tenant's state replayed from the event store now, as an operator reads it. */
    private static String operatorState(Tenant tenant) {
        Caller.Answer state = Caller.operator().get(platform.commandUrl() + "/api/v1/operator/tenants/"
                + tenant.tenantId() + "/state?at=" + Instant.now());
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        return state.body();
    }

    private static String login(String tenantId) {
        Caller.Answer answer = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(tenantId, EMAIL, PASSWORD));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.text("accessToken");
    }

    /** The query side's collections (any generation) that hold a document of the tenant. */
    private static Set<String> queryCollectionsOf(String tenantId) {
        MongoTemplate mongo = platform.queryContext().getBean(MongoTemplate.class);
        Set<String> found = new TreeSet<>();
        for (String collection : mongo.getCollectionNames()) {
            if (mongo.getCollection(collection).countDocuments(new Document("tenantId", tenantId)) > 0) {
                found.add(collection.replaceFirst("__g\\d+$", ""));
            }
        }
        return found;
    }
}
