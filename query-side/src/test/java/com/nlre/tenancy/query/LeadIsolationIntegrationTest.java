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
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant isolation of the leads, calls and do-not-call read models, end to end: two tenants with the same lead ids,
 * call ids, agent id and do-not-call number, each caller seeing only its own tenant's, and another tenant's lead ids
 * answered exactly like unknown ones and recorded in the security audit log.
 */
class LeadIsolationIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED_ONE = new LeadId("crm-1001");
    private static final LeadId SHARED_TWO = new LeadId("crm-1002");
    private static final String AGENT = "user_sharedagent1";
    private static final String DNC_NUMBER = "+15125550199";

    /** A tenant holding the shared ids, one lead id of its own and one deleted lead. */
    private record Tenant(TenantId id, UserId owner, LeadId ownLead, LeadId deletedLead) {

        String token(Set<Permission> permissions) {
            return TestJwts.token(id, owner, Role.OWNER, permissions);
        }

        String reader() {
            return token(Role.VIEWER.defaultPermissions());
        }

        String marker() {
            return "list of " + id;
        }
    }

    @Test
    void listsOnlyTheCallersLeadsCallsAndNumbersThoughBothTenantsUseTheSameIds() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant caller : List.of(a, b)) {
            JsonNode leads = ok(get("/api/v1/leads", bearer(caller.reader())));
            assertThat(values(leads, "leadId")).containsExactly(caller.ownLead().value(), SHARED_TWO.value(),
                    SHARED_ONE.value());
            assertThat(values(leads, "source")).containsOnly(caller.marker());
            assertThat(leads.path("nextCursor").isNull()).isTrue();
            leads.path("items").forEach(item -> assertThat(fieldNames(item))
                    .doesNotContain("sourceIp", "searchText", "nameSort", "tenantId", "_id", "_class"));

            JsonNode maria = ok(get("/api/v1/leads?q=MARIA&sort=name", bearer(caller.reader())));
            assertThat(values(maria, "leadId")).containsExactly(SHARED_ONE.value());
            assertThat(values(maria, "source")).containsExactly(caller.marker());

            JsonNode detail = ok(get("/api/v1/leads/" + SHARED_ONE, bearer(caller.reader())));
            assertThat(detail.path("source").asText()).isEqualTo(caller.marker());
            assertThat(detail.path("status").asText()).isEqualTo("contacted");
            assertThat(detail.path("consent").get(0).path("evidence").path("sourceIp").asText())
                    .isEqualTo("203.0.113.7");
            assertThat(detail.path("callCount").asLong()).isEqualTo(1);
            assertThat(detail.path("blockedCallCount").asLong()).isEqualTo(1);
            assertThat(values(detail.path("recentCalls"), "callId")).containsExactly("call-2", "call-1");
            JsonNode refused = detail.path("recentCalls").get(0);
            assertThat(refused.path("blocked").asBoolean()).isTrue();
            assertThat(refused.path("rule").asText()).isEqualTo("CALL_OUTSIDE_CALLING_WINDOW");
            assertThat(detail.path("recentCalls").get(1).path("notes").asText()).isEqualTo(caller.marker());

            JsonNode history = ok(get("/api/v1/leads/" + SHARED_ONE + "/calls?limit=1", bearer(caller.reader())));
            assertThat(values(history, "callId")).containsExactly("call-2");
            JsonNode rest = ok(get(uri("/api/v1/leads/" + SHARED_ONE + "/calls", "cursor",
                    history.path("nextCursor").asText()), bearer(caller.reader())));
            assertThat(values(rest, "callId")).containsExactly("call-1");
            assertThat(values(rest, "notes")).containsExactly(caller.marker());

            JsonNode agentCalls = ok(get("/api/v1/calls?agentId=" + AGENT, bearer(caller.reader())));
            assertThat(values(agentCalls, "callId")).containsExactly("call-2", "call-1");
            assertThat(values(agentCalls, "reason")).contains(caller.marker());

            JsonNode pipeline = ok(get("/api/v1/leads/pipeline", bearer(caller.reader())));
            Map<String, Long> counts = new LinkedHashMap<>();
            pipeline.path("stages").forEach(stage -> counts.put(stage.path("status").asText(),
                    stage.path("count").asLong()));
            assertThat(counts).containsExactly(Map.entry("new", 2L), Map.entry("contacted", 1L),
                    Map.entry("qualified", 0L), Map.entry("under_contract", 0L), Map.entry("closed_won", 0L),
                    Map.entry("closed_lost", 0L));
            assertThat(pipeline.path("total").asLong()).isEqualTo(3);

            JsonNode numbers = ok(get("/api/v1/dnc", bearer(caller.reader())));
            assertThat(values(numbers, "phone")).containsExactly(DNC_NUMBER);
            assertThat(values(numbers, "reason")).containsExactly(caller.marker());
        }
    }

    @Test
    void answersAnotherTenantsLeadIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant target = pair[1];
            String token = caller.reader();
            for (String route : List.of("/api/v1/leads/{leadId}", "/api/v1/leads/{leadId}/calls")) {
                assertForeignLooksUnknown(caller.id(), caller.owner().value(), token, route,
                        target.ownLead().value(), LeadId.generate().value());
            }

            // the caller's own deleted lead: 404 too, but no attempt on anyone, although the other tenant has the id
            ResponseEntity<JsonNode> deleted = get("/api/v1/leads/" + caller.deletedLead(), bearer(token));
            assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertProblem(deleted, "not-found");
            assertThat(get("/api/v1/leads/" + target.ownLead(), bearer(target.reader())).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(auditEntries(a.id(), "cross_tenant_attempt"))
                .noneSatisfy(entry -> assertThat(entry.path("resourceId").asText())
                        .isEqualTo(a.deletedLead().value()));
        assertThat(rest.getForObject("/actuator/prometheus", String.class))
                .contains("nlre_security_cross_tenant_attempts_total{", "resource=\"lead\"");
    }

    @Test
    void needsLeadsReadExceptForThePipelineWhichAnalyticsMayAlsoSee() {
        Tenant a = seededTenant();
        String analyst = a.token(EnumSet.of(Permission.ANALYTICS_VIEW));

        for (String path : List.of("/api/v1/leads", "/api/v1/leads/" + SHARED_ONE,
                "/api/v1/leads/" + SHARED_ONE + "/calls", "/api/v1/calls", "/api/v1/dnc")) {
            ResponseEntity<JsonNode> response = get(path, bearer(analyst));
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(response, "forbidden");
        }
        assertThat(ok(get("/api/v1/leads/pipeline", bearer(analyst))).path("total").asLong()).isEqualTo(3);
        assertThat(get("/api/v1/leads/pipeline", bearer(a.token(EnumSet.of(Permission.BILLING_VIEW))))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/api/v1/leads", new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void searchesTextLiterallyAndRejectsInvalidParametersNamingThem() {
        Tenant a = seededTenant();

        for (String q : List.of(".*", "$where", "{\"$ne\":null}", "^Maria", "Maria|John")) {
            assertThat(ok(get(uri("/api/v1/leads", "q", q), bearer(a.reader()))).path("items")).as(q).isEmpty();
        }
        assertThat(values(ok(get(uri("/api/v1/leads", "q", "1 Oak St."), bearer(a.reader()))), "leadId"))
                .containsExactly(SHARED_ONE.value());

        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("/api/v1/leads?status=lost", "status");
        invalid.put("/api/v1/leads?sort=price", "sort");
        invalid.put("/api/v1/leads?limit=0", "limit");
        invalid.put("/api/v1/leads?limit=101", "limit");
        invalid.put("/api/v1/leads?limit=many", "limit");
        invalid.put("/api/v1/leads?cursor=garbage", "cursor");
        invalid.put("/api/v1/leads?createdFrom=yesterday", "createdFrom");
        invalid.put("/api/v1/leads?createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z", "createdTo");
        invalid.put("/api/v1/leads?q=" + "x".repeat(201), "q");
        invalid.put("/api/v1/leads/" + SHARED_ONE + "/calls?limit=500", "limit");
        invalid.put("/api/v1/calls?from=last-week", "from");
        invalid.put("/api/v1/dnc?cursor=garbage", "cursor");
        invalid.forEach((path, field) -> {
            ResponseEntity<JsonNode> response = get(path, bearer(a.reader()));
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertProblem(response, "invalid-request");
            assertThat(response.getBody().path("errors").get(0).path("field").asText()).as(path).isEqualTo(field);
        });
        String byName = ok(get("/api/v1/leads?sort=name&limit=1", bearer(a.reader()))).path("nextCursor").asText();
        ResponseEntity<JsonNode> otherOrder = get(uri("/api/v1/leads", "cursor", byName), bearer(a.reader()));
        assertThat(otherOrder.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void waitsForALeadsConsistencyTokenAndDocumentsTheLeadEndpoints() {
        Tenant a = seededTenant();
        publish(TestEvents.leadEnvelope(new LeadStatusChanged(a.id(), a.ownLead(), LeadStatus.NEW,
                LeadStatus.CONTACTED, Instant.now()), a.ownLead(), 1));

        HttpHeaders headers = bearer(a.reader());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(a.id(), a.id() + "." + a.ownLead(), 1).format());
        await().atMost(CATCH_UP).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = get("/api/v1/leads/" + a.ownLead(), headers);
            assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
            assertThat(response.getBody().path("status").asText()).isEqualTo("contacted");
            assertThat(response.getBody().path("version").asLong()).isEqualTo(1);
        });

        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("paths").fieldNames()).toIterable().contains("/api/v1/leads", "/api/v1/leads/pipeline",
                "/api/v1/leads/{leadId}", "/api/v1/leads/{leadId}/calls", "/api/v1/calls", "/api/v1/dnc");
        assertThat(docs.path("paths").path("/api/v1/leads").path("get").path("security").toString())
                .contains("bearer", "apiKey");
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("LeadPage").path("properties").has("nextCursor")).isTrue();
        assertThat(schemas.path("LeadDetail").path("properties").has("recentCalls")).isTrue();
        assertThat(schemas.path("LeadDetail").path("properties").has("consent")).isTrue();
        assertThat(schemas.path("Call").path("properties").has("blocked")).isTrue();
    }

    /**
     * A tenant as the command side leaves it: three leads, two of them with ids every seeded tenant uses, consent
     * and a logged and a refused call on the first, a deleted lead, and one do-not-call number. Waits until all of
     * it is projected: its events share the tenant's partition, so the last one's token covers them all.
     */
    private Tenant seededTenant() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate(), LeadId.generate(),
                new LeadId("deleted-" + System.nanoTime()));
        TenantId id = tenant.id();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(id, Plan.PROFESSIONAL, at), 0));

        lead(SHARED_ONE, 0, added(tenant, SHARED_ONE, "Maria Garcia", "1 Oak St.", at));
        lead(SHARED_ONE, 1, new ConsentRecorded(id, SHARED_ONE, "+15125550101", new ConsentEvidence(at, "web_form",
                "v3", "https://sell-fast.example.test/form", "203.0.113.7"), at));
        lead(SHARED_ONE, 2, new LeadStatusChanged(id, SHARED_ONE, LeadStatus.NEW, LeadStatus.CONTACTED, at));
        lead(SHARED_ONE, 3, new CallLogged(id, SHARED_ONE, "call-1", CallDirection.OUTBOUND, "+15125550101", AGENT,
                at.plusSeconds(60), 95, CallOutcome.CONNECTED, tenant.marker(), false, false, at.plusSeconds(155)));
        lead(SHARED_ONE, 4, new CallBlocked(id, SHARED_ONE, "call-2", CallDirection.OUTBOUND, "+15125550101", AGENT,
                at.plusSeconds(300), "CALL_OUTSIDE_CALLING_WINDOW", tenant.marker(), at.plusSeconds(300)));
        lead(SHARED_TWO, 0, added(tenant, SHARED_TWO, "John Smith", "2 Elm Rd.", at.plusSeconds(1)));
        lead(tenant.ownLead(), 0, added(tenant, tenant.ownLead(), "Ann Owner", "3 Pine Ave.", at.plusSeconds(2)));
        lead(tenant.deletedLead(), 0, added(tenant, tenant.deletedLead(), "Gone Owner", "4 Ash Ct.", at));
        lead(tenant.deletedLead(), 1, new LeadDeleted(id, tenant.deletedLead(), at));
        publish(TestEvents.dncEnvelope(new DoNotCallNumberAdded(id, DNC_NUMBER, tenant.marker(), at), 0));

        HttpHeaders headers = bearer(tenant.reader());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(id, id + ".dnc", 0).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/dnc", headers).getHeaders()
                .getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
        return tenant;
    }

    private static LeadAdded added(Tenant tenant, LeadId leadId, String name, String street, Instant at) {
        return new LeadAdded(tenant.id(), leadId, new LeadContact(name, List.of("+15125550101"), null,
                new LeadContact.PropertyAddress(street, "Austin", "TX", "78701")), "America/Chicago",
                tenant.marker(), Set.of("absentee"), at);
    }

    private static void lead(LeadId leadId, long sequence, TenantEvent event) {
        EventEnvelope envelope = TestEvents.leadEnvelope(event, leadId, sequence);
        publish(envelope);
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /** A path with one query parameter, encoded once, whatever characters the value holds. */
    private static URI uri(String path, String parameter, String value) {
        return UriComponentsBuilder.fromPath(path).queryParam(parameter, value).build().encode().toUri();
    }

    private ResponseEntity<JsonNode> get(URI uri, HttpHeaders headers) {
        return rest.exchange(new RequestEntity<Void>(headers, HttpMethod.GET, uri), JsonNode.class);
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        JsonNode items = page.has("items") ? page.path("items") : page;
        items.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    /** The names of a JSON object's own fields (not its values, which may contain any text). */
    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        object.path("consent").forEach(consent -> consent.path("evidence").fieldNames().forEachRemaining(names::add));
        return names;
    }
}
