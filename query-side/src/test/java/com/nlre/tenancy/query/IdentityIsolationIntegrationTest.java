package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.security.ApiKeyVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant isolation on the query side, end to end: two tenants with the same user emails and the same shapes of
 * data, each caller seeing only its own tenant, another tenant's ids answered exactly like unknown ones and recorded
 * in the security audit log, forged credentials refused, and the tenant's status applied.
 */
class IdentityIsolationIntegrationTest extends QuerySideIntegrationTest {

    /**
     * Every API route this service maps, with the test that proves it isolates tenants: a test method of this class,
     * or {@code OtherTestClass#method} of this package. A new route fails
     * {@link #everyMappedApiRouteIsCoveredByTheIsolationSuite} until it is added here with a proof that exists.
     */
    private static final Map<String, String> ISOLATION_PROOF = Map.ofEntries(
            Map.entry("GET /api/v1/users", "listsOnlyTheCallersUsersThoughBothTenantsUseTheSameEmails"),
            Map.entry("GET /api/v1/users/me", "refusesACallerWithoutUsersManageButShowsTheCallerItself"),
            Map.entry("GET /api/v1/users/{userId}",
                    "answersAnotherTenantsIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays"),
            Map.entry("GET /api/v1/api-keys", "listsOnlyTheCallersUsersThoughBothTenantsUseTheSameEmails"),
            Map.entry("GET /api/v1/api-keys/{keyId}",
                    "answersAnotherTenantsIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays"),
            Map.entry("GET /api/v1/tenants", "refusesTenantCredentialsOnEveryOperatorRoute"),
            Map.entry("GET /api/v1/tenants/{tenantId}", "refusesTenantCredentialsOnEveryOperatorRoute"),
            Map.entry("GET /api/v1/operator/security-audit", "refusesTenantCredentialsOnEveryOperatorRoute"),
            Map.entry("GET /api/v1/operator/access-audit", "refusesTenantCredentialsOnEveryOperatorRoute"),
            Map.entry("GET /api/v1/operator/dead-letters", "DeadLetterIntegrationTest#"
                    + "tenantCredentialsNeverOpenTheDeadLetterRoutesOfTheirOwnTenant"),
            Map.entry("GET /api/v1/operator/dead-letters/{letterId}", "DeadLetterIntegrationTest#"
                    + "tenantCredentialsNeverOpenTheDeadLetterRoutesOfTheirOwnTenant"),
            Map.entry("POST /api/v1/operator/dead-letters/{letterId}/retry", "DeadLetterIntegrationTest#"
                    + "tenantCredentialsNeverOpenTheDeadLetterRoutesOfTheirOwnTenant"),
            Map.entry("POST /api/v1/operator/dead-letters/{letterId}/discard", "DeadLetterIntegrationTest#"
                    + "tenantCredentialsNeverOpenTheDeadLetterRoutesOfTheirOwnTenant"),
            Map.entry("GET /api/v1/audit/access", "AccessAuditIntegrationTest#"
                    + "eachTenantSeesOnlyItsOwnTrailThoughBothUseTheSameIdsAndOperatorsSeeAnyOrAll"),
            Map.entry("GET /api/v1/leads", "LeadIsolationIntegrationTest#"
                    + "listsOnlyTheCallersLeadsCallsAndNumbersThoughBothTenantsUseTheSameIds"),
            Map.entry("GET /api/v1/leads/pipeline", "LeadIsolationIntegrationTest#"
                    + "listsOnlyTheCallersLeadsCallsAndNumbersThoughBothTenantsUseTheSameIds"),
            Map.entry("GET /api/v1/leads/{leadId}", "LeadIsolationIntegrationTest#"
                    + "answersAnotherTenantsLeadIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays"),
            Map.entry("GET /api/v1/leads/{leadId}/calls", "LeadIsolationIntegrationTest#"
                    + "answersAnotherTenantsLeadIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays"),
            Map.entry("GET /api/v1/calls", "LeadIsolationIntegrationTest#"
                    + "listsOnlyTheCallersLeadsCallsAndNumbersThoughBothTenantsUseTheSameIds"),
            Map.entry("GET /api/v1/dnc", "LeadIsolationIntegrationTest#"
                    + "listsOnlyTheCallersLeadsCallsAndNumbersThoughBothTenantsUseTheSameIds"),
            Map.entry("GET /api/v1/usage", "UsageIsolationIntegrationTest#"
                    + "reportsOnlyTheCallersUsageThoughBothTenantsUseTheSameLeadIds"),
            Map.entry("GET /api/v1/billing/invoices", "BillingIsolationIntegrationTest#"
                    + "showsOnlyTheCallersInvoicesThoughBothTenantsHaveTheSameInvoiceIds"),
            Map.entry("GET /api/v1/billing/invoices/{invoiceId}", "BillingIsolationIntegrationTest#"
                    + "showsOnlyTheCallersInvoicesThoughBothTenantsHaveTheSameInvoiceIds"),
            Map.entry("GET /api/v1/billing/invoice-preview", "BillingIsolationIntegrationTest#"
                    + "previewsAndExportsOnlyTheCallersUsage"),
            Map.entry("GET /api/v1/billing/usage-export", "BillingIsolationIntegrationTest#"
                    + "previewsAndExportsOnlyTheCallersUsage"),
            Map.entry("GET /api/v1/operator/billing/invoices", "BillingIsolationIntegrationTest#"
                    + "operatorsSeeInvoicesAcrossTenantsAndTenantCredentialsNeverOpenThem"),
            Map.entry("GET /api/v1/operator/billing/invoice-preview", "BillingIsolationIntegrationTest#"
                    + "operatorsSeeInvoicesAcrossTenantsAndTenantCredentialsNeverOpenThem"),
            Map.entry("POST /api/v1/operator/billing/runs", "BillingIsolationIntegrationTest#"
                    + "theBillingRunIssuesEachClosedMonthOnceOldestFirst"),
            Map.entry("GET /api/v1/agents", "AgentIsolationIntegrationTest#"
                    + "listsOnlyTheCallersAgentsThoughBothTenantsUseTheSameIds"),
            Map.entry("GET /api/v1/agents/{agentId}", "AgentIsolationIntegrationTest#"
                    + "answersAnotherTenantsAgentIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays"),
            Map.entry("GET /api/v1/subscription", "SubscriptionQueryIntegrationTest#"
                    + "eachTenantSeesOnlyItsOwnSubscriptionAndWhyItIsSuspended"),
            Map.entry("POST /api/v1/operator/rebuilds", "RebuildIntegrationTest#"
                    + "onlyOperatorsStartOrFollowRebuildsAndOneRunsAtATime"),
            Map.entry("GET /api/v1/operator/rebuilds/{rebuildId}", "RebuildIntegrationTest#"
                    + "onlyOperatorsStartOrFollowRebuildsAndOneRunsAtATime"),
            Map.entry("GET /api/v1/gdpr/subjects/{subjectType}/{subjectId}/export", "GdprExportIntegrationTest#"
                    + "answersAnotherTenantsSubjectLikeAnUnknownOneAndAuditsTheAttempt"),
            Map.entry("POST /api/v1/gdpr/exports", "GdprExportIntegrationTest#"
                    + "runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData"),
            Map.entry("GET /api/v1/gdpr/exports", "GdprExportIntegrationTest#"
                    + "runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData"),
            Map.entry("GET /api/v1/gdpr/exports/{exportId}", "GdprExportIntegrationTest#"
                    + "runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData"),
            Map.entry("GET /api/v1/gdpr/exports/{exportId}/download", "GdprExportIntegrationTest#"
                    + "runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData"),
            Map.entry("DELETE /api/v1/gdpr/exports/{exportId}", "GdprExportIntegrationTest#"
                    + "runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData"),
            Map.entry("GET /api/v1/operator/tenants/{tenantId}/gdpr/subjects/{subjectType}/{subjectId}/export",
                    "GdprExportIntegrationTest#"
                            + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"),
            Map.entry("POST /api/v1/operator/tenants/{tenantId}/gdpr/exports", "GdprExportIntegrationTest#"
                    + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"),
            Map.entry("GET /api/v1/operator/tenants/{tenantId}/gdpr/exports", "GdprExportIntegrationTest#"
                    + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"),
            Map.entry("GET /api/v1/operator/tenants/{tenantId}/gdpr/exports/{exportId}", "GdprExportIntegrationTest#"
                    + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"),
            Map.entry("GET /api/v1/operator/tenants/{tenantId}/gdpr/exports/{exportId}/download",
                    "GdprExportIntegrationTest#"
                            + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"),
            Map.entry("DELETE /api/v1/operator/tenants/{tenantId}/gdpr/exports/{exportId}",
                    "GdprExportIntegrationTest#"
                            + "operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes"));

    private static final Set<Permission> AGENT_PERMISSIONS = Role.AGENT.defaultPermissions();
    private static final Set<Permission> OWNER_PERMISSIONS = Role.OWNER.defaultPermissions();

    /** A tenant as the command side creates it: owner, one agent and one API key, all projected. */
    private record Tenant(TenantId id, UserId owner, UserId agent, ApiKeyId keyId) {

        String ownerToken() {
            return TestJwts.token(id, owner, Role.OWNER, OWNER_PERMISSIONS);
        }

        String agentToken() {
            return TestJwts.token(id, agent, Role.AGENT, AGENT_PERMISSIONS);
        }

        String apiKey() {
            return "nlre_" + id + "_sk_live_" + keyId.value().substring(4) + "Zq9Xw2Lr";
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlerMapping;

    @Test
    void everyMappedApiRouteIsCoveredByTheIsolationSuite() {
        Set<String> mapped = new TreeSet<>();
        handlerMapping.getHandlerMethods().keySet().forEach(mapping -> mapping.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/"))
                .forEach(pattern -> mapping.getMethodsCondition().getMethods()
                        .forEach(method -> mapped.add(method.name() + " " + pattern))));

        assertThat(mapped).as("routes mapped by this service; add new ones to ISOLATION_PROOF with their test")
                .containsExactlyInAnyOrderElementsOf(ISOLATION_PROOF.keySet());
        ISOLATION_PROOF.forEach((route, proof) -> assertThat(isTestMethod(proof)).as(route + " -> " + proof).isTrue());
    }

    private static boolean isTestMethod(String proof) {
        int hash = proof.indexOf('#');
        Class<?> type;
        try {
            type = hash < 0 ? IdentityIsolationIntegrationTest.class
                    : Class.forName(IdentityIsolationIntegrationTest.class.getPackageName() + "."
                    + proof.substring(0, hash));
        } catch (ClassNotFoundException e) {
            return false;
        }
        String method = proof.substring(hash + 1);
        return Arrays.stream(type.getDeclaredMethods())
                .anyMatch(candidate -> candidate.getName().equals(method) && candidate.isAnnotationPresent(Test.class));
    }

    @Test
    void refusesTenantCredentialsOnEveryOperatorRoute() {
        Tenant a = tenantWithUsers();
        COMMAND_SIDE.activeKey(a.apiKey(), a.id(), a.keyId(), Set.of(Permission.values()));

        for (String path : List.of("/api/v1/tenants", "/api/v1/tenants/" + a.id(), "/api/v1/operator/security-audit",
                "/api/v1/operator/access-audit")) {
            for (HttpHeaders credential : List.of(bearer(a.ownerToken()), apiKey(a.apiKey()))) {
                ResponseEntity<JsonNode> response = get(path, credential);
                assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
                assertProblem(response, "unauthenticated");
            }
        }
    }

    @Test
    void listsOnlyTheCallersUsersThoughBothTenantsUseTheSameEmails() {
        Tenant a = tenantWithUsers();
        Tenant b = tenantWithUsers();

        for (Tenant caller : List.of(a, b)) {
            ResponseEntity<JsonNode> response = get("/api/v1/users", bearer(caller.ownerToken()));

            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(values(response.getBody(), "userId"))
                    .containsExactly(caller.owner().value(), caller.agent().value());
            assertThat(values(response.getBody(), "email")).containsExactly("john@acmere.test", "jane@acmere.test");
            assertThat(response.getBody().path("totalItems").asLong()).isEqualTo(2);
            JsonNode keys = get("/api/v1/api-keys", bearer(caller.ownerToken())).getBody();
            assertThat(values(keys, "keyId")).containsExactly(caller.keyId().value());
        }
    }

    @Test
    void answersAnotherTenantsIdsExactlyLikeUnknownOnesAndAuditsTheAttemptBothWays() {
        Tenant a = tenantWithUsers();
        Tenant b = tenantWithUsers();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant target = pair[1];
            assertForeignLooksUnknown(caller.id(), caller.owner().value(), caller.ownerToken(),
                    "/api/v1/users/{userId}", target.agent().value(), UserId.generate().value());
            assertForeignLooksUnknown(caller.id(), caller.owner().value(), caller.ownerToken(),
                    "/api/v1/api-keys/{keyId}", target.keyId().value(), ApiKeyId.generate().value());

            assertThat(get("/api/v1/users/" + target.agent(), bearer(target.ownerToken())).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(rest.getForObject("/actuator/prometheus", String.class))
                .contains("nlre_security_cross_tenant_attempts_total{", "resource=\"user\"", "resource=\"api_key\"");
    }

    @Test
    void refusesACallerWithoutUsersManageButShowsTheCallerItself() {
        Tenant a = tenantWithUsers();

        for (String path : List.of("/api/v1/users", "/api/v1/users/" + a.owner(), "/api/v1/api-keys",
                "/api/v1/api-keys/" + a.keyId())) {
            ResponseEntity<JsonNode> response = get(path, bearer(a.agentToken()));
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(response, "forbidden");
        }

        ResponseEntity<JsonNode> me = get("/api/v1/users/me", bearer(a.agentToken()));
        assertThat(me.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(me.getBody().path("userId").asText()).isEqualTo(a.agent().value());
        assertThat(me.getBody().path("role").asText()).isEqualTo("agent");
        assertThat(me.getBody().path("permissions")).extracting(JsonNode::asText)
                .containsExactly("leads.read", "leads.write", "calls.initiate");
        assertThat(me.getBody().has("_id")).isFalse();
        assertThat(me.getBody().has("tenantId")).isFalse();
    }

    @Test
    void refusesForgedAndTamperedTokensAsUnauthenticated() {
        Tenant a = tenantWithUsers();
        Tenant b = tenantWithUsers();
        Map<String, String> forged = Map.of(
                "signed with another key", TestJwts.signedWithAnotherKey(a.id(), a.owner(), Role.OWNER, OWNER_PERMISSIONS),
                "alg none", TestJwts.unsigned(a.id(), a.owner(), Role.OWNER, OWNER_PERMISSIONS),
                "expired", TestJwts.expired(a.id(), a.owner(), Role.OWNER, OWNER_PERMISSIONS),
                "tenantId altered", TestJwts.withTenantReplaced(a.ownerToken(), a.id(), b.id()),
                "not a JWT", "not-a-jwt");

        forged.forEach((what, token) -> {
            ResponseEntity<JsonNode> response = get("/api/v1/users", bearer(token));
            assertThat(response.getStatusCode()).as(what).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertProblem(response, "unauthenticated");
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(what).startsWith("Bearer");
        });
        ResponseEntity<JsonNode> anonymous = get("/api/v1/users/me", new HttpHeaders());
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(anonymous, "unauthenticated");
    }

    @Test
    void letsASuspendedTenantReadAndRefusesACanceledTenantEverything() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Tenant suspended = tenantWithUsers();
        publish(TestEvents.envelope(new TenantSuspended(suspended.id(), "unpaid invoice", at), 4));
        Tenant canceled = tenantWithUsers();
        publish(TestEvents.envelope(new TenantCanceled(canceled.id(), "closed the business", at), 4));
        awaitProjected(suspended.id(), 4);
        awaitProjected(canceled.id(), 4);

        assertThat(get("/api/v1/users/me", bearer(suspended.agentToken())).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/api/v1/users", bearer(suspended.ownerToken())).getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> refused = get("/api/v1/users/me", bearer(canceled.ownerToken()));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(refused, "tenant-canceled");
    }

    @Test
    void authenticatesAnApiKeyAsItsTenantWithItsScopesOnly() {
        Tenant a = tenantWithUsers();
        Tenant b = tenantWithUsers();
        COMMAND_SIDE.activeKey(a.apiKey(), a.id(), a.keyId(), Set.of(Permission.USERS_MANAGE));
        String readOnlyKey = "nlre_" + a.id() + "_sk_live_ReadOnlyKeyOfTenantA42";
        COMMAND_SIDE.activeKey(readOnlyKey, a.id(), ApiKeyId.generate(), Set.of(Permission.LEADS_READ));

        ResponseEntity<JsonNode> keys = get("/api/v1/api-keys", apiKey(a.apiKey()));
        assertThat(keys.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode key = keys.getBody().path("items").get(0);
        assertThat(keys.getBody().path("items")).hasSize(1);
        assertThat(key.path("keyId").asText()).isEqualTo(a.keyId().value());
        assertThat(key.path("displayPrefix").asText()).isEqualTo("nlre_" + a.id() + "_sk_live_");
        assertThat(key.path("lastFour").asText()).isEqualTo("x7Qa");
        assertThat(key.path("createdBy").asText()).isEqualTo(a.owner().value());
        assertThat(key.path("scopes")).extracting(JsonNode::asText).containsExactly("leads.read", "users.manage");
        assertThat(key.path("status").asText()).isEqualTo("active");
        assertThat(key.path("rotationDue").asBoolean()).isFalse();
        assertThat(keys.getBody().toString()).doesNotContain(a.apiKey());

        ResponseEntity<JsonNode> me = get("/api/v1/users/me", apiKey(a.apiKey()));
        assertThat(me.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(me, "not-found");
        assertThat(get("/api/v1/users", apiKey(readOnlyKey)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        String correlationId = "api-key-" + UUID.randomUUID();
        HttpHeaders foreign = apiKey(a.apiKey());
        foreign.set(RequestContextFilter.CORRELATION_HEADER, correlationId);
        assertThat(get("/api/v1/users/" + b.agent(), foreign).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode attempt = awaitAuditEntry(a.id(), "cross_tenant_attempt", correlationId);
        assertThat(attempt.path("actor").asText()).isEqualTo(a.keyId().value());
        assertThat(attempt.path("actorType").asText()).isEqualTo("api_key");
        assertThat(attempt.path("targetTenantId").asText()).isEqualTo(b.id().value());

        for (String rejected : List.of("nlre_" + a.id() + "_sk_live_NotAKeyTheCommandSideKnows", "garbage")) {
            ResponseEntity<JsonNode> response = get("/api/v1/api-keys", apiKey(rejected));
            assertThat(response.getStatusCode()).as(rejected).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertProblem(response, "unauthenticated");
        }
    }

    @Test
    void recordsEveryOperatorRequestInTheSecurityAudit() {
        Tenant a = tenantWithUsers();
        String allowed = "operator-" + UUID.randomUUID();
        String refused = "operator-" + UUID.randomUUID();

        assertThat(asOperator("/api/v1/tenants/" + a.id(), correlation(allowed)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth(OPERATOR, "not-the-password").exchange("/api/v1/tenants/" + a.id(),
                HttpMethod.GET, new HttpEntity<>(correlation(refused)), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        JsonNode action = awaitAuditEntry(a.id(), "operator_action", allowed);
        assertThat(action.path("actor").asText()).isEqualTo(OPERATOR);
        assertThat(action.path("actorType").asText()).isEqualTo("operator");
        assertThat(action.path("method").asText()).isEqualTo("GET");
        assertThat(action.path("route").asText()).isEqualTo("/api/v1/tenants/{tenantId}");
        assertThat(action.path("status").asInt()).isEqualTo(200);
        assertThat(action.path("targetTenantId").asText()).isEqualTo(a.id().value());
        assertThat(action.path("occurredAt").asText()).isNotBlank();
        JsonNode refusal = awaitAuditEntry(a.id(), "operator_action", refused);
        assertThat(refusal.path("actor").isNull()).isTrue();
        assertThat(refusal.path("actorType").asText()).isEqualTo("anonymous");
        assertThat(refusal.path("status").asInt()).isEqualTo(401);
    }

    @Test
    void waitsOnlyForConsistencyTokensOfTheCallersTenant() {
        Tenant a = tenantWithUsers();
        Tenant b = tenantWithUsers();

        HttpHeaders own = bearer(a.ownerToken());
        own.set(ConsistencyToken.HEADER, new ConsistencyToken(a.id(), a.id().value(), 3).format());
        ResponseEntity<JsonNode> reached = get("/api/v1/users", own);
        assertThat(reached.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(reached.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");

        HttpHeaders others = bearer(a.ownerToken());
        others.set(ConsistencyToken.HEADER, new ConsistencyToken(b.id(), b.id().value(), 3).format());
        ResponseEntity<JsonNode> refused = get("/api/v1/users", others);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(refused, "invalid-request");
        assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo(ConsistencyToken.HEADER);
    }

    @Test
    void rejectsInvalidListParametersNamingTheParameter() {
        Tenant a = tenantWithUsers();

        Map.of("/api/v1/users?role=janitor", "role", "/api/v1/users?status=paused", "status",
                "/api/v1/users?size=101", "size", "/api/v1/api-keys?status=lost", "status",
                "/api/v1/api-keys?page=-1", "page").forEach((path, field) -> {
            ResponseEntity<JsonNode> response = get(path, bearer(a.ownerToken()));
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getBody().path("errors").get(0).path("field").asText()).as(path).isEqualTo(field);
        });
    }

    @Test
    void documentsTheTenantEndpointsWithTheBearerAndApiKeySchemes() {
        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);

        assertThat(docs.path("paths").fieldNames()).toIterable().contains("/api/v1/users", "/api/v1/users/me",
                "/api/v1/users/{userId}", "/api/v1/api-keys", "/api/v1/api-keys/{keyId}",
                "/api/v1/operator/security-audit");
        JsonNode schemes = docs.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearer").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("apiKey").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("apiKey").path("name").asText()).isEqualTo(ApiKeyVerifier.HEADER);
        assertThat(docs.path("paths").path("/api/v1/users").path("get").path("security").toString())
                .contains("bearer", "apiKey").doesNotContain("operator");
        assertThat(docs.path("paths").path("/api/v1/operator/security-audit").path("get").has("security")).isFalse();
    }

    private Tenant tenantWithUsers() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate(), UserId.generate(), ApiKeyId.generate());
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenant.id(), Plan.PROFESSIONAL, at), 0));
        publish(TestEvents.envelope(TestEvents.userAdded(tenant.id(), tenant.owner(), "John Doe", "john@acmere.test",
                Role.OWNER, at), 1));
        publish(TestEvents.envelope(TestEvents.userAdded(tenant.id(), tenant.agent(), "Jane Smith",
                "jane@acmere.test", Role.AGENT, at.plusSeconds(1)), 2));
        publish(TestEvents.envelope(TestEvents.apiKeyIssued(tenant.id(), tenant.keyId(), tenant.owner(),
                Set.of(Permission.USERS_MANAGE, Permission.LEADS_READ), at, at.plus(Duration.ofDays(365))), 3));
        awaitProjected(tenant.id(), 3);
        return tenant;
    }

    /** Waits, through the operator's read-your-writes header, until the tenant's events up to the sequence are in. */
    private void awaitProjected(TenantId tenantId, long sequence) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenantId, tenantId.value(), sequence).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(asOperator("/api/v1/tenants/" + tenantId, headers)
                .getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
    }

    private static HttpHeaders apiKey(String key) {
        return headers(headers -> headers.set(ApiKeyVerifier.HEADER, key));
    }

    private static HttpHeaders correlation(String correlationId) {
        return headers(headers -> headers.set(RequestContextFilter.CORRELATION_HEADER, correlationId));
    }

    private static HttpHeaders headers(Consumer<HttpHeaders> setter) {
        HttpHeaders headers = new HttpHeaders();
        setter.accept(headers);
        return headers;
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        page.path("items").forEach(item -> values.add(item.path(field).asText()));
        return values;
    }
}
