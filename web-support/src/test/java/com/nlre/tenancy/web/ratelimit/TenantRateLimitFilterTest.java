package com.nlre.tenancy.web.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.ProblemAuthenticationHandlers;
import com.nlre.tenancy.web.security.TenantAuthentication;
import com.nlre.tenancy.web.security.TenantPrincipal;
import com.nlre.tenancy.web.security.TenantStanding;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-tenant rate limit at the edge, with buckets on a clock the test moves. */
class TenantRateLimitFilterTest {

    /** Built as Spring Boot builds it, with the mix-in that writes a problem's extra properties as members. */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private final TenantId tenantA = TenantId.generate();
    private final TenantId tenantB = TenantId.generate();
    private final Map<TenantId, TenantStanding> standings = new ConcurrentHashMap<>();
    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitProperties limits = new RateLimitProperties(null, new PlanRate(3L, Duration.ofMinutes(1)),
            new PlanRate(5L, Duration.ofMinutes(1)), null, null, null, null);
    private RateLimitBuckets buckets = new MemoryRateLimitBuckets(1_000, Duration.ofMinutes(1), new TestTime(nanos));

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void refusesATenantBeyondItsPlanRateWhileAnotherTenantWithTheSameRequestsKeepsPassing() throws Exception {
        onPlan(tenantA, Plan.FREE);
        onPlan(tenantB, Plan.FREE);

        for (int left = 2; left >= 0; left--) {
            MockHttpServletResponse allowed = request(user(tenantA));
            assertThat(allowed.getStatus()).isEqualTo(200);
            assertThat(allowed.getHeader("RateLimit-Policy")).isEqualTo("\"free\";q=3;w=60");
            assertThat(allowed.getHeader("RateLimit")).startsWith("\"free\";r=" + left + ";t=");
        }
        MockHttpServletResponse refused = request(user(tenantA));
        assertRefused(refused, "free", 20);

        for (int left = 2; left >= 0; left--) {
            MockHttpServletResponse allowed = request(user(tenantB));
            assertThat(allowed.getStatus()).as("tenant B is not slowed by tenant A").isEqualTo(200);
            assertThat(allowed.getHeader("RateLimit")).startsWith("\"free\";r=" + left + ";t=");
        }
        assertRefused(request(user(tenantB)), "free", 20);
        assertRefused(request(user(tenantA)), "free", 20);
    }

    @Test
    void refusesAnExhaustedTenantUntilItsBucketRefills() throws Exception {
        onPlan(tenantA, Plan.FREE);
        for (int i = 0; i < 3; i++) {
            request(user(tenantA));
        }
        assertRefused(request(user(tenantA)), "free", 20);

        nanos.addAndGet(Duration.ofSeconds(19).toNanos());
        assertRefused(request(user(tenantA)), "free", 1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        MockHttpServletResponse allowed = request(user(tenantA));
        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getHeader("RateLimit")).isEqualTo("\"free\";r=0;t=60");
        assertRefused(request(user(tenantA)), "free", 20);
    }

    @Test
    void raisesTheLimitAtOnceWhenTheTenantChangesToALargerPlan() throws Exception {
        onPlan(tenantA, Plan.FREE);
        for (int i = 0; i < 3; i++) {
            request(user(tenantA));
        }
        assertRefused(request(user(tenantA)), "free", 20);

        onPlan(tenantA, Plan.STARTER);

        for (int left = 4; left >= 0; left--) {
            MockHttpServletResponse allowed = request(user(tenantA));
            assertThat(allowed.getStatus()).isEqualTo(200);
            assertThat(allowed.getHeader("RateLimit-Policy")).isEqualTo("\"starter\";q=5;w=60");
            assertThat(allowed.getHeader("RateLimit")).startsWith("\"starter\";r=" + left + ";t=");
        }
        assertRefused(request(user(tenantA)), "starter", 12);
    }

    @Test
    void countsATenantsUsersAndApiKeysAgainstOneBucket() throws Exception {
        onPlan(tenantA, Plan.FREE);
        request(user(tenantA));
        request(apiKey(tenantA));
        request(user(tenantA));

        assertRefused(request(apiKey(tenantA)), "free", 20);
        assertRefused(request(user(tenantA)), "free", 20);
    }

    @Test
    void leavesRequestsWithoutATenantPrincipalAlone() throws Exception {
        for (int i = 0; i < 10; i++) {
            MockHttpServletResponse response = request(null);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeader("RateLimit")).isNull();
        }
    }

    @Test
    void letsRequestsThroughWhenTheBucketStoreFails() throws Exception {
        onPlan(tenantA, Plan.FREE);
        buckets = (key, configuration) -> {
            throw new IllegalStateException("database unreachable");
        };

        MockHttpServletResponse response = request(user(tenantA));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("RateLimit")).isNull();
    }

    @Test
    void countsRefusedRequestsByPlan() throws Exception {
        onPlan(tenantA, Plan.FREE);
        for (int i = 0; i < 5; i++) {
            request(user(tenantA));
        }

        assertThat(meters.get(TenantRateLimitFilter.REFUSED_METRIC).tag("plan", "free").counter().count())
                .isEqualTo(2);
    }

    private void assertRefused(MockHttpServletResponse response, String plan, long retryAfterSeconds)
            throws Exception {
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo(Long.toString(retryAfterSeconds));
        assertThat(response.getHeader("RateLimit-Policy")).startsWith("\"" + plan + "\";q=");
        assertThat(response.getHeader("RateLimit")).startsWith("\"" + plan + "\";r=0;t=");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.path("type").asText()).isEqualTo("urn:nlre:problem:too-many-requests");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("plan").asText()).isEqualTo(plan);
        assertThat(problem.path("detail").asText()).contains("retry in " + retryAfterSeconds + " s");
    }

    private void onPlan(TenantId tenantId, Plan plan) {
        standings.put(tenantId, new TenantStanding(TenantStatus.ACTIVE, plan, TenantStanding.CURRENT));
    }

    private MockHttpServletResponse request(TenantPrincipal caller) throws Exception {
        if (caller == null) {
            SecurityContextHolder.clearContext();
        } else {
            SecurityContextHolder.getContext().setAuthentication(new TenantAuthentication(caller, null));
        }
        TenantRateLimitFilter filter = new TenantRateLimitFilter(new TenantRateLimiter("command-side", limits, buckets),
                tenantId -> Optional.ofNullable(standings.get(tenantId)), new ProblemAuthenticationHandlers(JSON),
                meters);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/leads");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (response.getStatus() == 200) {
            assertThat(chain.getRequest()).as("an allowed request reaches the endpoint").isNotNull();
        } else {
            assertThat(chain.getRequest()).as("a refused request never reaches the endpoint").isNull();
        }
        return response;
    }

    private static TenantPrincipal user(TenantId tenantId) {
        return new TenantPrincipal(tenantId, "user_1", PrincipalType.USER, Role.AGENT, Set.of(Permission.LEADS_READ));
    }

    private static TenantPrincipal apiKey(TenantId tenantId) {
        return new TenantPrincipal(tenantId, "key_1", PrincipalType.API_KEY, null, Set.of(Permission.LEADS_READ));
    }

    private record TestTime(AtomicLong nanos) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
