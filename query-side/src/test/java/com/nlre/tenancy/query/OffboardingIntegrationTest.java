package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.web.ConsistencyToken;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancellation and offboarding end to end on the query side: through Kafka into MongoDB and out over HTTP. A canceled
 * tenant reads its subscription (with its retention end) and exports, nothing else; once offboarded, all it had is gone but its
 * record, and tenant B, using the same lead id and emails, keeps everything.
 */
class OffboardingIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED_LEAD = new LeadId("crm-1");

    @Autowired
    private MongoTemplate mongo;

    private record Tenant(TenantId id, UserId owner) {

        String ownerToken() {
            return TestJwts.token(id, owner, Role.OWNER, Role.OWNER.defaultPermissions());
        }
    }

    @Test
    void aCanceledTenantExportsUntilItIsOffboardedThenOnlyItsRecordRemainsAndTheOtherTenantKeepsEverything() {
        Tenant a = tenantWithLead();
        Tenant b = tenantWithLead();
        Instant canceledAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant retentionEndsAt = canceledAt.plus(Duration.ofDays(30));
        publish(tenantEnvelope(new TenantCanceled(a.id(), "closed the business", canceledAt, retentionEndsAt), 2));
        awaitProjected(a.id(), 2);

        ResponseEntity<JsonNode> subscription = get("/api/v1/subscription", bearer(a.ownerToken()));
        assertThat(subscription.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(subscription.getBody().path("status").asText()).isEqualTo("canceled");
        assertThat(Instant.parse(subscription.getBody().path("retentionEndsAt").asText())).isEqualTo(retentionEndsAt);
        ResponseEntity<JsonNode> export = rest.exchange("/api/v1/gdpr/exports", HttpMethod.POST,
                new HttpEntity<>(bearer(a.ownerToken())), JsonNode.class);
        assertThat(export.getStatusCode()).as("a canceled tenant may still export").isEqualTo(HttpStatus.ACCEPTED);
        assertThat(get(export.getHeaders().getLocation().getPath(), bearer(a.ownerToken())).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> leads = get("/api/v1/leads", bearer(a.ownerToken()));
        assertThat(leads.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(leads, "tenant-canceled");
        assertThat(documentCollectionsOf(a.id())).contains("leads", "tenant_users", "usage_entries", "gdpr_exports");

        Instant offboardedAt = canceledAt.plusSeconds(90);
        publish(tenantEnvelope(new TenantOffboarded(a.id(), canceledAt, offboardedAt, offboardedAt,
                "the tenant asked for immediate deletion"), 3));
        awaitProjected(a.id(), 3);

        JsonNode record = asOperator("/api/v1/tenants/" + a.id(), new HttpHeaders()).getBody();
        assertThat(record.path("status").asText()).isEqualTo("offboarded");
        assertThat(Instant.parse(record.path("offboardedAt").asText())).isEqualTo(offboardedAt);
        assertThat(Instant.parse(record.path("canceledAt").asText())).isEqualTo(canceledAt);
        assertThat(record.path("owner").isMissingNode() || record.path("owner").isNull()).isTrue();
        assertThat(record.toString()).doesNotContain("john@acmere.test", "Maria Garcia");
        ResponseEntity<JsonNode> refused = get("/api/v1/subscription", bearer(a.ownerToken()));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(refused, "tenant-offboarded");
        assertThat(documentCollectionsOf(a.id())).as("only the registry record and its own position")
                .containsOnly("tenants", "projection_positions");

        ResponseEntity<JsonNode> leadOfB = get("/api/v1/leads/" + SHARED_LEAD, bearer(b.ownerToken()));
        assertThat(leadOfB.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(leadOfB.getBody().path("leadId").asText()).isEqualTo(SHARED_LEAD.value());
        assertThat(get("/api/v1/users/me", bearer(b.ownerToken())).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(mongo.getCollection("access_audit")
                .countDocuments(new Document("tenantId", b.id().value()).append("route", "/api/v1/users/me")))
                .as("B's later request is in the trail").isEqualTo(1));
        assertThat(documentCollectionsOf(a.id())).as("A's refused request left no access record")
                .doesNotContain("access_audit");
    }

    private Tenant tenantWithLead() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate());
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(tenantEnvelope(TestEvents.created(tenant.id(), Plan.PROFESSIONAL, at), 0));
        publish(tenantEnvelope(TestEvents.userAdded(tenant.id(), tenant.owner(), "John Doe", "john@acmere.test",
                Role.OWNER, at), 1));
        publish(TestEvents.leadEnvelope(TestEvents.leadAdded(tenant.id(), SHARED_LEAD,
                TestEvents.contact("Maria Garcia", "+15125550101", "1 Main St", "Austin"), at), SHARED_LEAD, 0));
        awaitProjected(tenant.id(), 1);
        await().atMost(CATCH_UP).until(() -> get("/api/v1/leads/" + SHARED_LEAD, bearer(tenant.ownerToken()))
                .getStatusCode() == HttpStatus.OK);
        return tenant;
    }

    private static EventEnvelope tenantEnvelope(TenantEvent event, long sequence) {
        return TestEvents.envelope(event, sequence);
    }

    /** The collections (live generation or any other) that hold a document of the tenant. */
    private Set<String> documentCollectionsOf(TenantId tenantId) {
        Set<String> found = new TreeSet<>();
        for (String collection : mongo.getCollectionNames()) {
            if (mongo.getCollection(collection).countDocuments(new Document("tenantId", tenantId.value())) > 0) {
                found.add(collection.replaceFirst("__g\\d+$", ""));
            }
        }
        return found;
    }

    private void awaitProjected(TenantId tenantId, long sequence) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenantId, tenantId.value(), sequence).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(asOperator("/api/v1/tenants/" + tenantId, headers)
                .getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
    }
}
