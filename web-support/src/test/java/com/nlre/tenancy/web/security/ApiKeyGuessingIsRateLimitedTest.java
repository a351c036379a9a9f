package com.nlre.tenancy.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing API keys, at the filter both services authenticate keys with: after the limit of refused keys from one
 * address every API-key request from it is answered 429 with Retry-After, without the key being looked at — the right
 * key included — until the window has refilled the address's bucket; other addresses are not affected. (Keys are found
 * by the SHA-256 of the whole presented key and then compared in constant time, MessageDigest.isEqual in the command
 * side's ApiKeyCheck#check: never character by character.)
 */
class ApiKeyGuessingIsRateLimitedTest {

    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
    private static final String RIGHT_KEY = "nlre_tenant_abcdef123456_sk_live_" + "k".repeat(32);

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger keysLookedAt = new AtomicInteger();
    private final TenantPrincipal principal = new TenantPrincipal(TenantId.generate(), "key_1", PrincipalType.API_KEY,
            null, Set.of(Permission.LEADS_READ));
    private final ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(JSON);
    private final ApiKeyAuthenticationFilter filter = new ApiKeyAuthenticationFilter(presented -> {
        keysLookedAt.incrementAndGet();
        return RIGHT_KEY.equals(presented) ? Optional.of(principal) : Optional.empty();
    }, problems.entryPoint("Bearer"), problems, new ApiKeyGuessLimiter(5, Duration.ofMinutes(5), clock));

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anAddressThatKeepsPresentingWrongKeysIsSlowedDownThenLetBackIn() throws Exception {
        for (int guess = 0; guess < 5; guess++) {
            assertThat(present("wrong-" + guess, "203.0.113.7").getStatus()).isEqualTo(401);
        }
        int lookedAt = keysLookedAt.get();

        MockHttpServletResponse slowed = present("wrong-6", "203.0.113.7");
        MockHttpServletResponse rightKeyMeanwhile = present(RIGHT_KEY, "203.0.113.7");

        assertThat(slowed.getStatus()).isEqualTo(429);
        assertThat(slowed.getContentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(slowed.getContentAsString()).get("type").asText())
                .isEqualTo("urn:nlre:problem:too-many-requests");
        assertThat(Long.parseLong(slowed.getHeader("Retry-After"))).isEqualTo(60);
        assertThat(rightKeyMeanwhile.getStatus()).isEqualTo(429);
        assertThat(keysLookedAt.get()).as("no key is checked while the address is slowed down").isEqualTo(lookedAt);
        assertThat(present(RIGHT_KEY, "198.51.100.9").getStatus()).as("another address").isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(present(RIGHT_KEY, "203.0.113.7").getStatus()).isEqualTo(200);
        assertThat(present("wrong-7", "203.0.113.7").getStatus()).isEqualTo(401);
        assertThat(present(RIGHT_KEY, "203.0.113.7").getStatus()).isEqualTo(429);
    }

    @Test
    void acceptedKeysCostNothing() throws Exception {
        for (int request = 0; request < 50; request++) {
            assertThat(present(RIGHT_KEY, "203.0.113.8").getStatus()).isEqualTo(200);
        }
    }

    private MockHttpServletResponse present(String key, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/leads");
        request.setRemoteAddr(address);
        request.addHeader(ApiKeyVerifier.HEADER, key);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        SecurityContextHolder.clearContext();
        return response;
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-11-27T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
