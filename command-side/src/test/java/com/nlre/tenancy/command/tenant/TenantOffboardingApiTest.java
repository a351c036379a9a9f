package com.nlre.tenancy.command.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.command.offboarding.OffboardedTenantData;
import com.nlre.tenancy.command.tenant.TermEnd.Kind;
import com.nlre.tenancy.command.tenant.TermEndDeadlines.Deadline;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offboarding through HTTP, the event store, the deadline table and the command side's tables: cancellation starts the
 * retention period, its end (or an operator) offboards the tenant, whose rows go while another tenant with the very
 * same ids keeps all of its own.
 */
class TenantOffboardingApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "a long owner password";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private TermEndDeadlines deadlines;
    @Autowired
    private CommandDispatcher dispatcher;
    @Autowired
    private TenantDirectory directory;

    /** A tenant with data in every command-side table: a user, an API key, a lead, a do-not-call number, an agent. */
    private record Furnished(TenantOwner owner, String token, String apiKey) {
    }

    @Test
    void anOperatorOffboardsACanceledTenantEarlyAndOnlyThatTenantsDataGoes() {
        Furnished a = furnishedTenant();
        Furnished b = furnishedTenant();
        String tenantA = a.owner().tenantId();
        Map<String, Long> rowsOfB = rowsOf(b.owner().tenantId());
        Instant canceledAt = CLOCK.instant();
        assertThat(send("POST", "/api/v1/tenants/" + tenantA + "/cancel", "{\"reason\":\"closed\"}").status())
                .isEqualTo(200);
        assertThat(deadlines.of(new TenantId(tenantA))).hasValueSatisfying(deadline -> {
            assertThat(deadline.end().kind()).isEqualTo(Kind.RETENTION);
            assertThat(deadline.end().at()).isBetween(canceledAt.plus(Duration.ofDays(30)),
                    CLOCK.instant().plus(Duration.ofDays(30)));
        });
        Response export = asUser(a.token(), "GET", "/api/v1/gdpr/exports/export_unknown1", null);
        assertThat(export.status()).as("export routes stay open during retention (none is mapped here)")
                .isEqualTo(404);
        assertThat(asUser(a.token(), "POST", "/api/v1/offboarding-is-for-operators", null).status())
                .as("every other route is closed").isEqualTo(403);

        assertThat(asUser(a.token(), "POST", "/api/v1/tenants/" + tenantA + "/offboarding",
                "{\"reason\":\"asked\"}").status()).as("operators only").isEqualTo(401);
        Response offboarded = send("POST", "/api/v1/tenants/" + tenantA + "/offboarding",
                "{\"reason\":\"the tenant asked for immediate deletion\"}");

        assertThat(offboarded.status()).as(offboarded.body()).isEqualTo(200);
        assertThat(eventTypes(tenantA)).endsWith("TenantCanceled", "TenantOffboarded");
        assertThat(rowsOf(tenantA).values()).as("every command-side row of A").containsOnly(0L);
        assertThat(rowsOf(b.owner().tenantId())).as("B keeps all of its own").isEqualTo(rowsOfB);
        assertThat(directory.statusOf(new TenantId(tenantA))).hasValueSatisfying(status ->
                assertThat(status.wireName()).isEqualTo("offboarded"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tenant_event_index WHERE tenant_id = ?", Long.class,
                tenantA)).as("the history stays").isGreaterThan(5);

        assertThat(tryLogin(tenantA, OWNER_EMAIL, PASSWORD, null).status()).as("credentials deleted").isEqualTo(401);
        assertThat(withApiKey(a.apiKey(), "POST", "/api/v1/dnc", dnc("+15551230002")).status()).isEqualTo(401);
        Response unexpiredToken = asUser(a.token(), "GET", "/api/v1/gdpr/exports/export_unknown1", null);
        assertThat(unexpiredToken.status()).isEqualTo(403);
        assertThat(unexpiredToken.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-offboarded");

        String tokenOfB = login(b.owner());
        assertThat(asUser(tokenOfB, "POST", "/api/v1/leads/crm-1/tags", "{\"tag\":\"still-here\"}").status())
                .as("B's lead with the same id").isIn(200, 201);
        assertThat(withApiKey(b.apiKey(), "POST", "/api/v1/dnc", dnc("+15551230003")).status()).isEqualTo(200);

        Response again = send("POST", "/api/v1/tenants/" + tenantA + "/offboarding", "{\"reason\":\"again\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("rule").asText()).isEqualTo("TENANT_IS_OFFBOARDED_ONCE");
        Response active = send("POST", "/api/v1/tenants/" + b.owner().tenantId() + "/offboarding",
                "{\"reason\":\"asked\"}");
        assertThat(active.status()).isEqualTo(422);
        assertThat(active.json().get("rule").asText()).isEqualTo("ONLY_CANCELED_TENANT_IS_OFFBOARDED");
        assertThat(send("POST", "/api/v1/tenants/" + b.owner().tenantId() + "/offboarding", "{}").status())
                .as("a reason is required").isEqualTo(400);
        assertThat(send("POST", "/api/v1/tenants/tenant_doesnotexist00/offboarding", "{\"reason\":\"x\"}")
                .status()).isEqualTo(404);
    }

    @Test
    void aRetentionEndMissedWhileNoInstanceRanOffboardsTheTenantWhenAnInstanceStarts() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        TenantId tenant = new TenantId(owner.tenantId());
        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/cancel", "{\"reason\":\"closed\"}")
                .status()).isEqualTo(200);
        assertThat(deadlines.of(tenant)).contains(new Deadline(tenant, new TermEnd(Kind.RETENTION,
                now.plus(Duration.ofDays(30)))));
        assertThat(login(owner)).as("users log in to export during retention").isNotBlank();
        CLOCK.advance(Duration.ofDays(31));
        TermEndPoller startingInstance = new TermEndPoller(deadlines, dispatcher, CLOCK, Duration.ofHours(1),
                Duration.ofMinutes(2), 100);

        startingInstance.start();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(eventTypes(owner.tenantId())).endsWith("TenantUserLoggedIn", "TenantOffboarded"));
        } finally {
            startingInstance.stop();
        }
        assertThat(eventTypes(owner.tenantId()).stream().filter("TenantOffboarded"::equals)).hasSize(1);
        assertThat(deadlines.of(tenant)).as("settled").isEmpty();
        assertThat(rowsOf(owner.tenantId()).values()).containsOnly(0L);
        assertThat(tryLogin(owner.tenantId(), OWNER_EMAIL, PASSWORD, null).status()).isEqualTo(401);
    }

    @Test
    void theOffboardingRouteIsDocumentedWithItsRules() {
        Response docs = send("GET", "/v3/api-docs", null, null, null);

        JsonNode post = docs.json().path("paths").path("/api/v1/tenants/{tenantId}/offboarding").path("post");
        assertThat(post.path("description").asText()).contains("ONLY_CANCELED_TENANT_IS_OFFBOARDED",
                "TENANT_IS_OFFBOARDED_ONCE", "offboarded");
        assertThat(docs.json().path("paths").path("/api/v1/tenants/{tenantId}/cancel").path("post")
                .path("description").asText()).contains("retention");
    }

    private Furnished furnishedTenant() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        Response key = asUser(token, "POST", "/api/v1/api-keys",
                "{\"name\":\"CRM sync\",\"scopes\":[\"leads.read\",\"leads.write\"]}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        Response lead = asUser(token, "POST", "/api/v1/leads", """
                {"leadId":"crm-1","contact":{"name":"Mary Seller","phones":["+15550100001"]}}""");
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        assertThat(asUser(token, "POST", "/api/v1/dnc", dnc("+15551230001")).status()).isEqualTo(200);
        Response agent = asUser(token, "POST", "/api/v1/agents", """
                {"agentId":"sally","name":"Sally","purpose":"Qualify inbound sellers","language":"en-US"}""");
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        return new Furnished(owner, token, key.json().get("apiKey").asText());
    }

    private static String dnc(String phone) {
        return "{\"phone\":\"" + phone + "\",\"reason\":\"asked\"}";
    }

    private Map<String, Long> rowsOf(String tenantId) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : OffboardedTenantData.TENANT_TABLES) {
            rows.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?", Long.class,
                    tenantId));
        }
        return rows;
    }

    private List<String> eventTypes(String aggregateId) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }
}
