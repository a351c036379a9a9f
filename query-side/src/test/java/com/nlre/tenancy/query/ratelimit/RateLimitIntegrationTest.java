package com.nlre.tenancy.query.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.query.QuerySideIntegrationTest;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.TestJwts;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-tenant request rates on the query side, through HTTP, with small rates (free: 3, starter: 6 requests per hour,
 * so no token comes back during the test) and the default in-memory buckets. Tenants are projected from published
 * events before any of their requests, so every request counts.
 */
// its own context (other properties) consumes the shared topic in the shared consumer group and database: closed
// after this class, so the shared context's consumer is again the group's only member (rebuilds, offset moves)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "nlre.rate-limits.free.capacity=3", "nlre.rate-limits.free.refill-period=1h",
        "nlre.rate-limits.starter.capacity=6", "nlre.rate-limits.starter.refill-period=1h"})
class RateLimitIntegrationTest extends QuerySideIntegrationTest {

    private static final String SAME_REQUEST = "/api/v1/users/me";

    @Test
    void refusesATenantBeyondItsPlanRateWhileAnotherTenantWithTheSameRequestsKeepsPassing() {
        Caller a = freeTenant();
        Caller b = freeTenant();

        for (int left = 2; left >= 0; left--) {
            assertAllowed(get(SAME_REQUEST, bearer(a.token())), "free", 3, left);
        }
        assertRefused(get(SAME_REQUEST, bearer(a.token())), "free");

        for (int left = 2; left >= 0; left--) {
            assertAllowed(get(SAME_REQUEST, bearer(b.token())), "free", 3, left);
        }
        assertRefused(get(SAME_REQUEST, bearer(b.token())), "free");
        assertRefused(get(SAME_REQUEST, bearer(a.token())), "free");
    }

    @Test
    void raisesTheLimitWhenThePlanChangeArrives() {
        Caller a = freeTenant();
        for (int i = 0; i < 3; i++) {
            get(SAME_REQUEST, bearer(a.token()));
        }
        assertRefused(get(SAME_REQUEST, bearer(a.token())), "free");

        publish(TestEvents.envelope(new TenantPlanChanged(a.tenantId(), Plan.FREE, Plan.STARTER,
                new PlanLimits(1_000L, 500L, 4, 3, 10), TestEvents.pricing(Plan.STARTER), Instant.now()), 2));

        ResponseEntity<JsonNode> upgraded = await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100))
                .until(() -> get(SAME_REQUEST, bearer(a.token())), response -> response.getStatusCode().is2xxSuccessful());
        assertThat(upgraded.getHeaders().getFirst("RateLimit-Policy")).isEqualTo("\"starter\";q=6;w=3600");
    }

    @Test
    void doesNotLimitOperators() {
        for (int i = 0; i < 5; i++) {
            ResponseEntity<JsonNode> tenants = asOperator("/api/v1/tenants", new HttpHeaders());
            assertThat(tenants.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(tenants.getHeaders().getFirst("RateLimit")).isNull();
        }
    }

    @Test
    void documentsTheRateLimitOnTenantRoutesInTheOpenApiDocument() {
        JsonNode docs = get("/v3/api-docs", new HttpHeaders()).getBody();

        JsonNode tooMany = docs.at("/paths/~1api~1v1~1users~1me/get/responses/429");
        assertThat(tooMany.path("description").asText()).contains("too-many-requests");
        assertThat(tooMany.path("headers").has("Retry-After")).isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1users~1me/get/responses/200/headers").has("RateLimit-Policy")).isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1tenants/get/responses").has("429")).isFalse();
    }

    private record Caller(TenantId tenantId, String token) {
    }

    private Caller freeTenant() {
        TenantId tenantId = TenantId.generate();
        UserId owner = UserId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.FREE, at), 0));
        publish(TestEvents.envelope(TestEvents.userAdded(tenantId, owner, "John Doe", "john@acmere.test", Role.OWNER,
                at), 1));
        HttpHeaders userProjected = new HttpHeaders();
        userProjected.set(ConsistencyToken.HEADER, new ConsistencyToken(tenantId, tenantId.value(), 1).format());
        await().atMost(CATCH_UP).until(() -> "true".equals(asOperator("/api/v1/tenants/" + tenantId, userProjected)
                .getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)));
        return new Caller(tenantId, TestJwts.token(tenantId, owner, Role.OWNER, Role.OWNER.defaultPermissions()));
    }

    private static void assertAllowed(ResponseEntity<JsonNode> response, String plan, long quota, long left) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getFirst("RateLimit-Policy"))
                .isEqualTo("\"" + plan + "\";q=" + quota + ";w=3600");
        assertThat(response.getHeaders().getFirst("RateLimit")).startsWith("\"" + plan + "\";r=" + left + ";t=");
    }

    private static void assertRefused(ResponseEntity<JsonNode> response, String plan) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertProblem(response, "too-many-requests");
        assertThat(response.getBody().path("plan").asText()).isEqualTo(plan);
        assertThat(Long.parseLong(response.getHeaders().getFirst("Retry-After"))).isBetween(1L, 3600L);
        assertThat(response.getHeaders().getFirst("RateLimit-Policy")).startsWith("\"" + plan + "\";q=");
        assertThat(response.getHeaders().getFirst("RateLimit")).startsWith("\"" + plan + "\";r=0;t=");
    }
}
