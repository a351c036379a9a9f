package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant isolation of the AI agents read model, end to end: two tenants with the same agent ids, each caller seeing
 * only its own tenant's agents, and another tenant's agent ids answered exactly like unknown ones and recorded in the
 * security audit log, in both directions.
 */
class AgentIsolationIntegrationTest extends QuerySideIntegrationTest {

    private static final AgentId SHARED = new AgentId("seller-qualifier");
    private static final AgentId SHARED_RETIRED = new AgentId("old-dialer");

    /** A tenant holding the shared agent ids (one of them retired) and an agent id of its own. */
    private record Tenant(TenantId id, UserId owner, AgentId ownAgent) {

        String token(Set<Permission> permissions) {
            return TestJwts.token(id, owner, Role.OWNER, permissions);
        }

        String reader() {
            return token(Role.VIEWER.defaultPermissions());
        }

        String marker() {
            return "agent of " + id;
        }
    }

    @Test
    void listsOnlyTheCallersAgentsThoughBothTenantsUseTheSameIds() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant caller : List.of(a, b)) {
            JsonNode active = ok(get("/api/v1/agents", bearer(caller.reader())));
            assertThat(values(active, "agentId")).containsExactly(SHARED.value(), caller.ownAgent().value());
            assertThat(values(active, "purpose")).containsOnly(caller.marker());
            assertThat(active.path("totalItems").asLong()).isEqualTo(2);
            active.path("items").forEach(item -> assertThat(fieldNames(item))
                    .doesNotContain("tenantId", "_id", "_class"));

            JsonNode retired = ok(get("/api/v1/agents?status=retired", bearer(caller.reader())));
            assertThat(values(retired, "agentId")).containsExactly(SHARED_RETIRED.value());
            assertThat(values(retired, "purpose")).containsExactly(caller.marker());

            JsonNode shared = ok(get("/api/v1/agents/" + SHARED, bearer(caller.reader())));
            assertThat(shared.path("purpose").asText()).isEqualTo(caller.marker());
            assertThat(shared.path("name").asText()).isEqualTo("Sally II");
            assertThat(shared.path("status").asText()).isEqualTo("active");
            assertThat(shared.path("version").asLong()).isEqualTo(1);
            JsonNode old = ok(get("/api/v1/agents/" + SHARED_RETIRED, bearer(caller.reader())));
            assertThat(old.path("status").asText()).isEqualTo("retired");
            assertThat(old.path("purpose").asText()).isEqualTo(caller.marker());
        }
    }

    @Test
    void answersAnotherTenantsAgentIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant target = pair[1];
            assertForeignLooksUnknown(caller.id(), caller.owner().value(), caller.reader(), "/api/v1/agents/{agentId}",
                    target.ownAgent().value(), AgentId.generate().value());
            assertThat(get("/api/v1/agents/" + target.ownAgent(), bearer(target.reader())).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(rest.getForObject("/actuator/prometheus", String.class))
                .contains("nlre_security_cross_tenant_attempts_total{", "resource=\"agent\"");
    }

    @Test
    void needsLeadsReadOrSettingsEditAndRejectsAnUnknownStatusNamingIt() {
        Tenant a = seededTenant();

        for (String path : List.of("/api/v1/agents", "/api/v1/agents/" + SHARED)) {
            ResponseEntity<JsonNode> analyst = get(path, bearer(a.token(EnumSet.of(Permission.ANALYTICS_VIEW))));
            assertThat(analyst.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(analyst, "forbidden");
            assertThat(get(path, bearer(a.token(EnumSet.of(Permission.SETTINGS_EDIT)))).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(get("/api/v1/agents", new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<JsonNode> invalid = get("/api/v1/agents?status=sleeping", bearer(a.reader()));
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(invalid, "invalid-request");
        assertThat(invalid.getBody().path("errors").get(0).path("field").asText()).isEqualTo("status");
    }

    @Test
    void waitsForAnAgentsConsistencyTokenAndDocumentsTheAgentEndpoints() {
        Tenant a = seededTenant();
        publish(TestEvents.agentEnvelope(new AiAgentRetired(a.id(), a.ownAgent(), Instant.now()), a.ownAgent(), 1));

        HttpHeaders headers = bearer(a.reader());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(a.id(), a.id() + "." + a.ownAgent(), 1).format());
        ResponseEntity<JsonNode> response = get("/api/v1/agents/" + a.ownAgent(), headers);
        assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
        assertThat(response.getBody().path("status").asText()).isEqualTo("retired");

        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("paths").fieldNames()).toIterable().contains("/api/v1/agents",
                "/api/v1/agents/{agentId}");
        assertThat(docs.path("components").path("schemas").path("AiAgent").path("properties").has("language"))
                .isTrue();
    }

    /**
     * A tenant as the command side leaves it: the shared agent registered and updated, the other shared agent
     * retired, and one agent id of its own registered last. Waits until all of it is projected: its events share the
     * tenant's partition, so the last one's token covers them all.
     */
    private Tenant seededTenant() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate(), AgentId.generate());
        TenantId id = tenant.id();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(id, Plan.PROFESSIONAL, at), 0));

        agent(SHARED, 0, registered(tenant, SHARED, "Sally", at));
        agent(SHARED, 1, new AiAgentUpdated(id, SHARED, "Sally II", tenant.marker(), null, "en-US", at));
        agent(SHARED_RETIRED, 0, registered(tenant, SHARED_RETIRED, "Old", at.plusSeconds(1)));
        agent(SHARED_RETIRED, 1, new AiAgentRetired(id, SHARED_RETIRED, at.plusSeconds(2)));
        agent(tenant.ownAgent(), 0, registered(tenant, tenant.ownAgent(), "Own", at.plusSeconds(3)));

        HttpHeaders headers = bearer(tenant.reader());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(id, id + "." + tenant.ownAgent(), 0).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/agents", headers).getHeaders()
                .getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
        return tenant;
    }

    private static AiAgentRegistered registered(Tenant tenant, AgentId agentId, String name, Instant at) {
        return new AiAgentRegistered(tenant.id(), agentId, name, tenant.marker(), "en-US-Neural2-F", "en-US", at);
    }

    private static void agent(AgentId agentId, long sequence, TenantEvent event) {
        publish(TestEvents.agentEnvelope(event, agentId, sequence));
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        page.path("items").forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
