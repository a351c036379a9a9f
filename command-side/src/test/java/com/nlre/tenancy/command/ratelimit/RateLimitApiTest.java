package com.nlre.tenancy.command.ratelimit;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant request rates on the command side, through HTTP, with small rates (free: 3, starter: 6 requests per hour,
 * so no token comes back during the test) and the default in-memory buckets.
 */
@TestPropertySource(properties = {
        "nlre.rate-limits.free.capacity=3", "nlre.rate-limits.free.refill-period=1h",
        "nlre.rate-limits.starter.capacity=6", "nlre.rate-limits.starter.refill-period=1h"})
class RateLimitApiTest extends CommandSideIntegrationTest {

    private static final String SAME_REQUEST = "{\"phone\":\"+15551230000\",\"reason\":\"asked\"}";

    private static final String PASSWORD = "a long owner password";

    private String tenantA;
    private String tokenA;
    private String tokenB;

    @BeforeEach
    void twoFreeTenants() {
        tenantA = freeTenant();
        tokenA = login(tenantA, OWNER_EMAIL, PASSWORD);
        tokenB = login(freeTenant(), OWNER_EMAIL, PASSWORD);
    }

    @Test
    void refusesATenantBeyondItsPlanRateWhileAnotherTenantWithTheSameRequestsKeepsPassing() {
        for (int left = 2; left >= 0; left--) {
            assertAllowed(asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST), "free", 3, left);
        }
        assertRefused(asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST), "free");

        for (int left = 2; left >= 0; left--) {
            assertAllowed(asUser(tokenB, "POST", "/api/v1/dnc", SAME_REQUEST), "free", 3, left);
        }
        assertRefused(asUser(tokenB, "POST", "/api/v1/dnc", SAME_REQUEST), "free");
        assertRefused(asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST), "free");
    }

    @Test
    void raisesTheLimitOnTheNextRequestWhenTheOperatorChangesThePlan() {
        for (int i = 0; i < 3; i++) {
            asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST);
        }
        assertRefused(asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST), "free");

        assertThat(send("PUT", "/api/v1/tenants/" + tenantA + "/plan", "{\"plan\":\"starter\"}").status())
                .isEqualTo(200);

        assertAllowed(asUser(tokenA, "POST", "/api/v1/dnc", SAME_REQUEST), "starter", 6, 5);
        assertAllowed(asUser(tokenB, "POST", "/api/v1/dnc", SAME_REQUEST), "free", 3, 2);
    }

    @Test
    void limitsNeitherOperatorsNorTheLogin() {
        for (int i = 0; i < 5; i++) {
            Response tenant = send("GET", "/api/v1/tenants/" + tenantA, null);
            assertThat(tenant.status()).isNotEqualTo(429);
            assertThat(tenant.headers().firstValue("RateLimit")).isEmpty();
            Response login = tryLogin(tenantA, OWNER_EMAIL, PASSWORD, null);
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.headers().firstValue("RateLimit")).isEmpty();
        }
    }

    @Test
    void documentsTheRateLimitOnTenantRoutesInTheOpenApiDocument() {
        Response docs = send("GET", "/v3/api-docs", null, null, null);
        assertThat(docs.status()).isEqualTo(200);

        var tooMany = docs.json().at("/paths/~1api~1v1~1dnc/post/responses/429");
        assertThat(tooMany.path("description").asText()).contains("too-many-requests");
        assertThat(tooMany.path("headers").has("Retry-After")).isTrue();
        assertThat(tooMany.path("headers").has("RateLimit-Policy")).isTrue();
        assertThat(docs.json().at("/paths/~1api~1v1~1dnc/post/responses/200/headers").has("RateLimit")).isTrue();
        assertThat(docs.json().at("/paths/~1api~1v1~1tenants/post/responses").has("429")).isFalse();
    }

    private void assertAllowed(Response response, String plan, long quota, long left) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("RateLimit-Policy"))
                .contains("\"" + plan + "\";q=" + quota + ";w=3600");
        assertThat(response.headers().firstValue("RateLimit")).hasValueSatisfying(value ->
                assertThat(value).startsWith("\"" + plan + "\";r=" + left + ";t="));
    }

    private static void assertRefused(Response response, String plan) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:too-many-requests");
        assertThat(response.json().get("plan").asText()).isEqualTo(plan);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(response.headers().firstValue("RateLimit-Policy")).hasValueSatisfying(value ->
                assertThat(value).startsWith("\"" + plan + "\";q="));
        assertThat(response.headers().firstValue("RateLimit")).hasValueSatisfying(value ->
                assertThat(value).startsWith("\"" + plan + "\";r=0;t="));
    }

    private String freeTenant() {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("free",
                "\"ownerPassword\":\"" + PASSWORD + "\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("tenantId").asText();
    }
}
