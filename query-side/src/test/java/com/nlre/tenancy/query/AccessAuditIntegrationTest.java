package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.audit.ResourceIdPseudonyms;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access audit trail on the query side: its own requests recorded (refusals included), the command side's
 * records stored once from Kafka, each tenant's auditors seeing only their own tenant's trail though both tenants use
 * the same ids, and operators seeing any tenant's or all.
 */
class AccessAuditIntegrationTest extends QuerySideIntegrationTest {

    private static final String PHONE = "+15551234567";

    @Autowired
    private ObjectMapper objectMapper;

    @Autowired
    private ResourceIdPseudonyms pseudonyms;

    private record Tenant(TenantId id, UserId owner, UserId agent) {

        String auditor() {
            return TestJwts.token(id, owner, Role.OWNER, Role.OWNER.defaultPermissions());
        }

        String agentToken() {
            return TestJwts.token(id, agent, Role.AGENT, Role.AGENT.defaultPermissions());
        }
    }

    @Test
    void recordsTheQuerySidesOwnReadsWithRouteResourceIdsAndOutcomeRefusalsIncluded() {
        Tenant a = knownTenant();
        String unknownLead = "lead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        ResponseEntity<JsonNode> notFound = get("/api/v1/leads/" + unknownLead + "?q=john",
                correlated(bearer(a.auditor()), "nf-" + unknownLead));
        ResponseEntity<JsonNode> denied = get("/api/v1/audit/access", correlated(bearer(a.agentToken()),
                "denied-" + unknownLead));
        assertThat(notFound.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        JsonNode lookup = awaitOne(a, "resourceId=" + unknownLead);
        assertThat(lookup.path("route").asText()).isEqualTo("/api/v1/leads/{leadId}");
        assertThat(lookup.path("resourceIds").path("leadId").asText()).isEqualTo(unknownLead);
        assertThat(lookup.path("method").asText()).isEqualTo("GET");
        assertThat(lookup.path("status").asInt()).isEqualTo(404);
        assertThat(lookup.path("outcome").asText()).isEqualTo("not_found");
        assertThat(lookup.path("actorId").asText()).isEqualTo(a.owner().value());
        assertThat(lookup.path("actorType").asText()).isEqualTo("user");
        assertThat(lookup.path("tenantId").asText()).isEqualTo(a.id().value());
        assertThat(lookup.path("service").asText()).isEqualTo("query-side");
        assertThat(lookup.path("correlationId").asText()).isEqualTo("nf-" + unknownLead);
        assertThat(Instant.parse(lookup.path("occurredAt").asText())).isCloseTo(Instant.now(),
                org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(lookup.toString()).doesNotContain("john", "?q=");

        JsonNode refused = awaitOne(a, "actorId=" + a.agent() + "&route=/api/v1/audit/access");
        assertThat(refused.path("status").asInt()).isEqualTo(403);
        assertThat(refused.path("outcome").asText()).isEqualTo("denied");
        assertThat(refused.path("resourceIds").isEmpty()).isTrue();
    }

    @Test
    void eachTenantSeesOnlyItsOwnTrailThoughBothUseTheSameIdsAndOperatorsSeeAnyOrAll() {
        Tenant a = knownTenant();
        Tenant b = knownTenant();
        String sharedLead = "lead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AccessRecord ofA = commandSideRecord(a, sharedLead);
        AccessRecord ofB = commandSideRecord(b, sharedLead);
        publishAccessRecord(ofA);
        publishAccessRecord(ofB);
        publishAccessRecord(ofA);

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant other = pair[1];
            JsonNode own = awaitOne(caller, "resourceId=" + sharedLead);
            assertThat(own.path("recordId").asText()).isEqualTo((caller == a ? ofA : ofB).recordId());
            assertThat(own.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(own.path("service").asText()).isEqualTo("command-side");
            assertThat(own.path("resourceIds").path("phone").asText()).isEqualTo(pseudonyms.pseudonym(PHONE));
            assertThat(own.toString()).doesNotContain("5551234567");
            assertThat(items(trail(caller.auditor(), "limit=100"))).allSatisfy(item ->
                    assertThat(item.path("tenantId").asText()).isEqualTo(caller.id().value()));
            assertThat(items(trail(caller.auditor(), "resourceId=" + PHONE)))
                    .extracting(item -> item.path("recordId").asText())
                    .contains(own.path("recordId").asText())
                    .doesNotContain((other == a ? ofA : ofB).recordId());
        }

        List<JsonNode> everyTenant = items(operatorTrail("resourceId=" + sharedLead));
        assertThat(everyTenant).extracting(item -> item.path("recordId").asText())
                .containsExactlyInAnyOrder(ofA.recordId(), ofB.recordId());
        assertThat(items(operatorTrail("tenantId=" + b.id() + "&resourceId=" + sharedLead)))
                .extracting(item -> item.path("recordId").asText()).containsExactly(ofB.recordId());
        ResponseEntity<JsonNode> badTenant = asOperator("/api/v1/operator/access-audit?tenantId=acme",
                new HttpHeaders());
        assertThat(badTenant.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(badTenant, "invalid-request");
    }

    @Test
    void pagesTheTrailNewestFirstWithACursor() {
        Tenant a = knownTenant();
        String lead = "lead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        for (int i = 0; i < 3; i++) {
            publishAccessRecord(commandSideRecord(a, lead));
        }
        await().atMost(CATCH_UP).untilAsserted(() ->
                assertThat(items(trail(a.auditor(), "resourceId=" + lead))).hasSize(3));

        JsonNode first = trail(a.auditor(), "resourceId=" + lead + "&limit=2");
        JsonNode second = trail(a.auditor(), "resourceId=" + lead + "&limit=2&cursor="
                + first.path("nextCursor").asText());

        List<String> paged = new ArrayList<>();
        items(first).forEach(item -> paged.add(item.path("recordId").asText()));
        items(second).forEach(item -> paged.add(item.path("recordId").asText()));
        assertThat(paged).doesNotHaveDuplicates().hasSize(3);
        assertThat(second.path("nextCursor").isMissingNode() || second.path("nextCursor").isNull()).isTrue();
    }

    private Tenant knownTenant() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate(), UserId.generate());
        publish(TestEvents.envelope(TestEvents.created(tenant.id(), Plan.PROFESSIONAL, Instant.now()), 0));
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/audit/access?limit=1",
                bearer(tenant.auditor())).getStatusCode()).isEqualTo(HttpStatus.OK));
        return tenant;
    }

    private AccessRecord commandSideRecord(Tenant tenant, String leadId) {
        return new AccessRecord(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                tenant.id().value(), tenant.owner().value(), "user", "DELETE",
                "/api/v1/leads/{leadId}/consents/{phone}",
                Map.of("leadId", leadId, "phone", pseudonyms.pseudonym(PHONE)), 204, null,
                "corr-" + UUID.randomUUID(), "command-side");
    }

    private void publishAccessRecord(AccessRecord accessRecord) {
        try {
            producer().send(new ProducerRecord<>(Topics.ACCESS_AUDIT, accessRecord.tenantId(),
                    objectMapper.writeValueAsString(accessRecord))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish an access record", e);
        }
    }

    private JsonNode awaitOne(Tenant tenant, String query) {
        return await().atMost(CATCH_UP).until(() -> items(trail(tenant.auditor(), query)), found -> found.size() == 1)
                .get(0);
    }

    private JsonNode trail(String token, String query) {
        ResponseEntity<JsonNode> response = get("/api/v1/audit/access?" + query, bearer(token));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private JsonNode operatorTrail(String query) {
        return await().atMost(CATCH_UP).until(() -> {
            ResponseEntity<JsonNode> response = asOperator("/api/v1/operator/access-audit?" + query, new HttpHeaders());
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            return response.getBody();
        }, body -> !items(body).isEmpty());
    }

    private static HttpHeaders correlated(HttpHeaders headers, String correlationId) {
        headers.set(RequestContextFilter.CORRELATION_HEADER, correlationId);
        return headers;
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }
}
