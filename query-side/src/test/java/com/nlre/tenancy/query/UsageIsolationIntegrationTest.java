package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant isolation of the usage ledger, end to end: two tenants with the same lead and call ids, each seeing only the
 * usage its own events produced, each event counted once though delivered twice.
 */
class UsageIsolationIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED_ONE = new LeadId("crm-1001");
    private static final LeadId SHARED_TWO = new LeadId("crm-1002");
    private static final String AGENT = "user_sharedagent1";
    /** Mid-November in Los Angeles, the zone of tenants created by {@link TestEvents#created}. */
    private static final Instant AT = Instant.parse("2026-11-10T15:00:00Z");

    private record Tenant(TenantId id, UserId owner, String lastAggregate, long lastSequence) {

        String token(Set<Permission> permissions) {
            return TestJwts.token(id, owner, Role.OWNER, permissions);
        }

        String billing() {
            return token(EnumSet.of(Permission.BILLING_VIEW));
        }
    }

    @Test
    void reportsOnlyTheCallersUsageThoughBothTenantsUseTheSameLeadIds() {
        Tenant a = seededTenant(1);
        Tenant b = seededTenant(3);

        Map<String, String> expectedA = Map.of("leads", "1/10000/9999", "users", "1/10/9", "calls", "1/5000/9999",
                "call_minutes", "2/null/null", "agents", "0/4/4", "storage_bytes", "0/107374182400/107374182400");
        Map<String, String> expectedB = Map.of("leads", "3/10000/9997", "users", "1/10/9", "calls", "3/5000/9997",
                "call_minutes", "6/null/null", "agents", "0/4/4", "storage_bytes", "0/107374182400/107374182400");
        for (Tenant caller : List.of(a, b)) {
            JsonNode usage = awaitUsage(caller, "?period=2026-11");
            assertThat(usage.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(meters(usage)).containsExactlyInAnyOrderEntriesOf(caller == a ? expectedA : expectedB);
            assertThat(usage.path("period").path("id").asText()).isEqualTo("2026-11");
            assertThat(usage.path("period").path("start").asText()).isEqualTo("2026-11-01T07:00:00Z");
            assertThat(usage.path("period").path("end").asText()).isEqualTo("2026-12-01T08:00:00Z");
            assertThat(usage.path("period").path("timezone").asText()).isEqualTo("America/Los_Angeles");
            assertThat(usage.path("asOf").path("lastEventAt").asText()).isNotBlank();
            assertThat(usage.path("asOf").path("position").asLong()).as("event-store position").isPositive();
            assertThat(fieldNamesOf(usage)).doesNotContain("_id", "_class", "eventId");
        }
        JsonNode october = ok(get("/api/v1/usage?period=2026-10", bearer(a.billing())));
        assertThat(meters(october)).containsEntry("calls", "0/5000/10000").containsEntry("leads", "1/10000/9999");
    }

    @Test
    void needsBillingOrAnalyticsAndRejectsAnInvalidPeriodNamingIt() {
        Tenant a = seededTenant(1);
        awaitUsage(a, "");

        assertThat(ok(get("/api/v1/usage", bearer(a.token(EnumSet.of(Permission.ANALYTICS_VIEW)))))
                .path("period").path("id").asText()).matches("\\d{4}-\\d{2}");
        ResponseEntity<JsonNode> reader = get("/api/v1/usage", bearer(a.token(EnumSet.of(Permission.LEADS_READ))));
        assertThat(reader.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(reader, "forbidden");
        for (String period : List.of("2026-13", "2026-1", "november", "2026-11-01")) {
            ResponseEntity<JsonNode> response = get("/api/v1/usage?period=" + period, bearer(a.billing()));
            assertThat(response.getStatusCode()).as(period).isEqualTo(HttpStatus.BAD_REQUEST);
            assertProblem(response, "invalid-request");
            assertThat(response.getBody().path("errors").get(0).path("field").asText()).isEqualTo("period");
        }

        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("paths").path("/api/v1/usage").path("get").path("security").toString())
                .contains("bearer", "apiKey");
        assertThat(docs.path("components").path("schemas").path("Usage").path("properties").has("asOf")).isTrue();
    }

    /**
     * A tenant with one user, {@code leads} leads (the first ids shared by every seeded tenant), a logged call of
     * 95 s on each, a refused call, and a deleted lead; every lead event is published twice.
     */
    private Tenant seededTenant(int leads) {
        TenantId id = TenantId.generate();
        UserId owner = UserId.generate();
        publish(TestEvents.envelope(TestEvents.created(id, Plan.PROFESSIONAL, AT), 0));
        publish(TestEvents.envelope(TestEvents.userAdded(id, owner, "John Doe", "john@acmere.test", Role.OWNER, AT),
                1));
        List<LeadId> ids = List.of(SHARED_ONE, SHARED_TWO, new LeadId("crm-1003"));
        for (int i = 0; i < leads; i++) {
            LeadId lead = ids.get(i);
            twice(lead, 0, TestEvents.leadAdded(id, lead, TestEvents.contact("Maria Garcia", "+15125550101",
                    "1 Oak St.", "Austin"), AT));
            twice(lead, 1, new CallLogged(id, lead, "call-1", CallDirection.OUTBOUND, "+15125550101", AGENT, AT, 95,
                    CallOutcome.CONNECTED, "notes", false, false, AT.plusSeconds(95)));
        }
        twice(SHARED_ONE, 2, new CallBlocked(id, SHARED_ONE, "call-2", CallDirection.OUTBOUND, "+15125550101", AGENT,
                AT, "CALL_OUTSIDE_CALLING_WINDOW", "too late", AT));
        LeadId gone = new LeadId("deleted-" + System.nanoTime());
        twice(gone, 0, TestEvents.leadAdded(id, gone, TestEvents.contact("Gone Owner", "+15125550109", "4 Ash Ct.",
                "Austin"), Instant.parse("2026-10-05T12:00:00Z")));
        twice(gone, 1, new LeadDeleted(id, gone, AT));
        return new Tenant(id, owner, id + "." + gone, 1);
    }

    private static void twice(LeadId lead, long sequence, TenantEvent event) {
        Instant occurredAt = event instanceof LeadAdded added ? added.addedAt() : AT;
        EventEnvelope envelope = TestEvents.envelope(event, "Lead", event.tenantId() + "." + lead, sequence, occurredAt);
        publish(envelope);
        publish(envelope);
    }

    private JsonNode awaitUsage(Tenant tenant, String query) {
        HttpHeaders headers = bearer(tenant.billing());
        headers.set(ConsistencyToken.HEADER,
                new ConsistencyToken(tenant.id(), tenant.lastAggregate(), tenant.lastSequence()).format());
        JsonNode[] body = new JsonNode[1];
        await().atMost(CATCH_UP).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = get("/api/v1/usage" + query, headers);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
            body[0] = response.getBody();
        });
        return body[0];
    }

    private static Map<String, String> meters(JsonNode usage) {
        Map<String, String> meters = new LinkedHashMap<>();
        usage.path("meters").forEach(meter -> meters.put(meter.path("meter").asText(), meter.path("used").asLong()
                + "/" + (meter.path("limit").isNull() ? "null" : meter.path("limit").asText())
                + "/" + (meter.path("remaining").isNull() ? "null" : meter.path("remaining").asText())));
        return meters;
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /** Every field name in a JSON tree (values may contain any text, e.g. a random id that happens to hold "_id"). */
    private static List<String> fieldNamesOf(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            names.add(field.getKey());
            names.addAll(fieldNamesOf(field.getValue()));
        });
        node.elements().forEachRemaining(element -> {
            if (!node.isObject()) {
                names.addAll(fieldNamesOf(element));
            }
        });
        return names;
    }
}
