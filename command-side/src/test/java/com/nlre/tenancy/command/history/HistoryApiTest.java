package com.nlre.tenancy.command.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant history, the operator event stream, point-in-time state and status-change attribution over HTTP. Two
 * tenants use the same lead id; each sees only its own events, an operator the tenant it names.
 */
class HistoryApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String LEAD = "crm-1";

    private TenantOwner alpha;
    private TenantOwner beta;
    private String alphaToken;
    private String betaToken;
    private String alphaAdminId;
    private String phone;
    private Instant afterCreation;
    private Instant afterFirstChange;

    @BeforeEach
    void twoTenantsWithTheSameLeadId() throws InterruptedException {
        alpha = createTenantWithOwner(PASSWORD);
        beta = createTenantWithOwner(PASSWORD);
        alphaToken = login(alpha);
        betaToken = login(beta);
        phone = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
        alphaAdminId = addUser(alphaToken, "admin@acmere.com", "admin", null, PASSWORD);
        String adminToken = login(alpha.tenantId(), "admin@acmere.com", PASSWORD);

        afterCreation = pause();
        ok(asUser(alphaToken, "POST", "/api/v1/leads", leadBody()));
        ok(asUser(betaToken, "POST", "/api/v1/leads", leadBody()));
        ok(asUser(alphaToken, "POST", "/api/v1/leads/" + LEAD + "/consents", """
                {"phone":"%s","evidence":{"givenAt":"2026-11-01T10:00:00Z","method":"web_form",
                 "consentTextVersion":"v3","source":"https://acme.example/consent"}}""".formatted(phone)));
        ok(asUser(alphaToken, "POST", "/api/v1/leads/" + LEAD + "/status", "{\"status\":\"contacted\"}"));
        afterFirstChange = pause();
        ok(asUser(adminToken, "POST", "/api/v1/leads/" + LEAD + "/status", "{\"status\":\"qualified\"}"));
        ok(asUser(betaToken, "POST", "/api/v1/leads/" + LEAD + "/status", "{\"status\":\"closed_lost\"}"));
    }

    @Test
    void aTenantsHistoryHoldsOnlyItsOwnEventsAsKafkaEnvelopesInGlobalOrder() {
        Response response = asUser(alphaToken, "GET", "/api/v1/audit/history", null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(response);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.get("tenantId").asText())
                .isEqualTo(alpha.tenantId()));
        assertAscendingPositions(lines);
        assertThat(lines.get(0).get("type").asText()).isEqualTo("TenantCreated");
        JsonNode leadAdded = lines.stream().filter(line -> line.get("type").asText().equals("LeadAdded")).findFirst()
                .orElseThrow();
        assertThat(leadAdded.get("aggregateId").asText()).isEqualTo(alpha.tenantId() + "." + LEAD);
        assertThat(leadAdded.get("aggregateType").asText()).isEqualTo("Lead");
        assertThat(leadAdded.get("revision").asText()).isEqualTo("1");
        assertThat(leadAdded.get("metadata").get("actorId").asText()).isEqualTo(alpha.ownerUserId());
        assertThat(leadAdded.get("payload").get("leadId").asText()).isEqualTo(LEAD);
        assertThat(response.headers().firstValue(TenantHistory.NEXT_CURSOR))
                .hasValue(lines.get(lines.size() - 1).get("position").asText());

        List<JsonNode> betaLines = lines(asUser(betaToken, "GET", "/api/v1/audit/history", null));
        assertThat(betaLines).isNotEmpty().allSatisfy(line -> assertThat(line.get("tenantId").asText())
                .isEqualTo(beta.tenantId()));
        assertThat(lines(asUser(betaToken, "GET", "/api/v1/audit/history?aggregateId=" + alpha.tenantId() + "."
                + LEAD, null))).isEmpty();
    }

    @Test
    void historyFiltersByTypeAggregateAndTimeAndResumesFromItsCursor() {
        assertThat(types(history("?type=LeadStatusChanged"))).containsExactly("LeadStatusChanged", "LeadStatusChanged");
        assertThat(types(history("?type=LeadAdded&type=LeadStatusChanged")))
                .containsExactly("LeadAdded", "LeadStatusChanged", "LeadStatusChanged");
        assertThat(history("?aggregateId=" + alpha.tenantId() + "." + LEAD)).extracting(line -> line.get("aggregateId")
                .asText()).hasSize(4).containsOnly(alpha.tenantId() + "." + LEAD);
        assertThat(types(history("?from=" + afterFirstChange))).containsExactly("LeadStatusChanged");
        assertThat(types(history("?from=" + afterCreation + "&to=" + afterFirstChange)))
                .containsExactly("LeadAdded", "ConsentRecorded", "LeadStatusChanged");

        List<JsonNode> all = history("");
        List<String> resumed = new ArrayList<>();
        String cursor = "0";
        Response page;
        do {
            page = asUser(alphaToken, "GET", "/api/v1/audit/history?limit=2&after=" + cursor, null);
            lines(page).forEach(line -> resumed.add(line.get("eventId").asText()));
            cursor = page.headers().firstValue(TenantHistory.NEXT_CURSOR).orElseThrow();
        } while (lines(page).size() == 2);
        assertThat(resumed).isEqualTo(all.stream().map(line -> line.get("eventId").asText()).toList());
        assertThat(lines(asUser(alphaToken, "GET", "/api/v1/audit/history?after=" + cursor, null))).isEmpty();
    }

    @Test
    void badHistoryParametersAreAnsweredWithTheFieldAtFault() {
        for (String[] bad : new String[][]{{"?type=NoSuchEvent", "type"}, {"?limit=0", "limit"},
                {"?limit=5001", "limit"}, {"?from=yesterday", "from"}, {"?after=-1", "after"},
                {"?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to"}}) {
            Response response = asUser(alphaToken, "GET", "/api/v1/audit/history" + bad[0], null);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(bad[1]);
        }
    }

    @Test
    void historyNeedsAuditReadAndOperatorRoutesNeedTheOperator() {
        String agentId = addUser(alphaToken, "agent@acmere.com", "agent", null, PASSWORD);
        String agentToken = login(alpha.tenantId(), "agent@acmere.com", PASSWORD);

        assertThat(agentId).startsWith("user_");
        assertThat(asUser(agentToken, "GET", "/api/v1/audit/history", null).status()).isEqualTo(403);
        assertThat(asUser(agentToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null).status()).isEqualTo(403);
        assertThat(asUser(alphaToken, "GET", "/api/v1/operator/events", null).status()).isEqualTo(401);
        assertThat(asUser(alphaToken, "GET", "/api/v1/operator/tenants/" + alpha.tenantId() + "/history", null)
                .status()).isEqualTo(401);
    }

    @Test
    void anOperatorReadsTheHistoryOfTheTenantItNamesOnly() {
        Response response = send("GET", "/api/v1/operator/tenants/" + beta.tenantId() + "/history", null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(lines(response)).isNotEmpty().allSatisfy(line -> assertThat(line.get("tenantId").asText())
                .isEqualTo(beta.tenantId()));
        assertThat(types(lines(send("GET", "/api/v1/operator/tenants/" + beta.tenantId()
                + "/history?type=LeadStatusChanged", null)))).containsExactly("LeadStatusChanged");
        assertThat(send("GET", "/api/v1/operator/tenants/tenant_zzzzzzzzzzzzzzzz/history", null).status())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/operator/tenants/not-a-tenant/state?at=" + Instant.now(), null).status())
                .isEqualTo(404);
    }

    @Test
    void theOperatorEventStreamPagesThroughEveryTenantInPositionOrder() {
        List<JsonNode> everything = new ArrayList<>();
        String cursor = "0";
        List<JsonNode> page;
        do {
            Response response = send("GET", "/api/v1/operator/events?limit=5000&after=" + cursor, null);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            page = lines(response);
            everything.addAll(page);
            cursor = response.headers().firstValue(TenantHistory.NEXT_CURSOR).orElseThrow();
        } while (page.size() == 5000);

        assertAscendingPositions(everything);
        assertThat(everything).extracting(line -> line.get("tenantId").asText())
                .contains(alpha.tenantId(), beta.tenantId());
        List<JsonNode> betaOnly = lines(send("GET", "/api/v1/operator/events?tenantId=" + beta.tenantId(), null));
        assertThat(betaOnly).isEqualTo(everything.stream()
                .filter(line -> line.get("tenantId").asText().equals(beta.tenantId())).toList());

        long start = everything.get(0).get("position").asLong() - 1;
        Response three = send("GET", "/api/v1/operator/events?limit=3&after=" + start, null);
        assertThat(lines(three)).isEqualTo(everything.subList(0, 3));
        assertThat(three.headers().firstValue(TenantHistory.NEXT_CURSOR))
                .hasValue(everything.get(2).get("position").asText());
        assertThat(send("GET", "/api/v1/operator/events?limit=5001", null).status()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/operator/events?tenantId=tenant_zzzzzzzzzzzzzzzz", null).status())
                .isEqualTo(404);
    }

    @Test
    void theStateAtAnInstantIsReplayedFromTheTenantsEventsUpToIt() {
        JsonNode then = ok(asUser(alphaToken, "GET", "/api/v1/audit/state?at=" + afterFirstChange, null)).json();
        JsonNode now = ok(asUser(alphaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json();

        assertThat(then.get("tenantId").asText()).isEqualTo(alpha.tenantId());
        assertThat(then.get("tenant").get("plan").asText()).isEqualTo("professional");
        assertThat(then.get("tenant").get("status").asText()).isEqualTo("active");
        assertThat(then.get("users")).extracting(user -> user.get("role").asText()).containsExactly("owner", "admin");
        assertThat(then.get("leads")).hasSize(1);
        JsonNode lead = then.get("leads").get(0);
        assertThat(lead.get("leadId").asText()).isEqualTo(LEAD);
        assertThat(lead.get("status").asText()).isEqualTo("contacted");
        assertThat(lead.get("consents").get(0).get("phone").asText()).isEqualTo(phone);
        assertThat(lead.get("consents").get(0).get("granted").asBoolean()).isTrue();
        assertThat(then.get("usage").get("leads").asLong()).isEqualTo(1);
        assertThat(then.get("usage").get("users").asLong()).isEqualTo(2);
        assertThat(now.get("leads").get(0).get("status").asText()).isEqualTo("qualified");
        assertThat(now.get("eventsReplayed").asLong()).isGreaterThan(then.get("eventsReplayed").asLong());

        JsonNode betaNow = ok(asUser(betaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json();
        assertThat(betaNow.get("leads").get(0).get("status").asText()).isEqualTo("closed_lost");
        assertThat(betaNow.get("users")).hasSize(1);
        JsonNode operatorView = ok(send("GET", "/api/v1/operator/tenants/" + alpha.tenantId() + "/state?at="
                + afterFirstChange, null)).json();
        assertThat(operatorView).isEqualTo(then);

        Response before = asUser(alphaToken, "GET", "/api/v1/audit/state?at=2020-01-01T00:00:00Z", null);
        assertThat(before.status()).isEqualTo(404);
        assertThat(asUser(alphaToken, "GET", "/api/v1/audit/state", null).status()).isEqualTo(400);
    }

    @Test
    void statusChangesNameWhoChangedTheLeadWhenAndFromWhatToWhat() {
        JsonNode changes = ok(asUser(alphaToken, "GET", "/api/v1/audit/leads/" + LEAD + "/status-changes", null))
                .json().get("changes");

        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).get("from").asText()).isEqualTo("new");
        assertThat(changes.get(0).get("to").asText()).isEqualTo("contacted");
        assertThat(changes.get(0).get("actorId").asText()).isEqualTo(alpha.ownerUserId());
        assertThat(changes.get(0).get("actorType").asText()).isEqualTo("user");
        assertThat(changes.get(1).get("from").asText()).isEqualTo("contacted");
        assertThat(changes.get(1).get("to").asText()).isEqualTo("qualified");
        assertThat(changes.get(1).get("actorId").asText()).isEqualTo(alphaAdminId);
        assertThat(Instant.parse(changes.get(1).get("changedAt").asText())).isAfterOrEqualTo(
                Instant.parse(changes.get(0).get("changedAt").asText()));

        JsonNode betaChanges = ok(asUser(betaToken, "GET", "/api/v1/audit/leads/" + LEAD + "/status-changes", null))
                .json().get("changes");
        assertThat(betaChanges).hasSize(1);
        assertThat(betaChanges.get(0).get("to").asText()).isEqualTo("closed_lost");
        assertThat(betaChanges.get(0).get("actorId").asText()).isEqualTo(beta.ownerUserId());
        assertThat(ok(send("GET", "/api/v1/operator/tenants/" + beta.tenantId() + "/leads/" + LEAD
                + "/status-changes", null)).json().get("changes")).isEqualTo(betaChanges);
        assertThat(asUser(alphaToken, "GET", "/api/v1/audit/leads/crm-unknown/status-changes", null).status())
                .isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesTheHistoryRoutes() {
        JsonNode paths = send("GET", "/v3/api-docs", null, null, null).json().get("paths");

        assertThat(paths.has("/api/v1/audit/history")).isTrue();
        assertThat(paths.has("/api/v1/audit/state")).isTrue();
        assertThat(paths.has("/api/v1/audit/leads/{leadId}/status-changes")).isTrue();
        assertThat(paths.has("/api/v1/operator/tenants/{tenantId}/history")).isTrue();
        assertThat(paths.get("/api/v1/operator/events").get("get").get("description").asText())
                .contains("position", "limit");
    }

    private List<JsonNode> history(String query) {
        Response response = asUser(alphaToken, "GET", "/api/v1/audit/history" + query.replace("+", "%2B"), null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return lines(response);
    }

    /** The event types of the lines, leaving out the tenant's and its users' own events. */
    private List<String> types(List<JsonNode> lines) {
        return lines.stream().map(line -> line.get("type").asText()).filter(type -> !type.startsWith("Tenant"))
                .toList();
    }

    private List<JsonNode> lines(Response response) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(objectMapper.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    private static void assertAscendingPositions(List<JsonNode> lines) {
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).get("position").asLong()).isGreaterThan(lines.get(i - 1).get("position").asLong());
        }
    }

    private Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private String leadBody() {
        return """
                {"leadId":"%s","contact":{"name":"Mary Seller","phones":["%s"]}}""".formatted(LEAD, phone);
    }

    /** An instant strictly between the events before and after it. */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }
}
