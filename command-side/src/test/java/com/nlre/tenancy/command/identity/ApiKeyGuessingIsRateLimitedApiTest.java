package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing API keys: after five refused keys from one address (the limit set here; 20 by default) every API-key
 * request from it is answered 429 with Retry-After, without the key being looked at — the right key included — until
 * the window has refilled the address's bucket. Keys are compared by the SHA-256 of the whole presented key and then
 * in constant time (ApiKeyCheck#check, MessageDigest.isEqual), never character by character.
 */
@TestPropertySource(properties = {"nlre.api-keys.failed-attempts-per-source=5",
        "nlre.api-keys.failed-attempts-window=5m"})
class ApiKeyGuessingIsRateLimitedApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void anAddressThatKeepsPresentingWrongKeysIsSlowedDownThenLetBackIn() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        Response issued = asUser(token, "POST", "/api/v1/api-keys", "{\"name\":\"CRM\",\"scopes\":[\"leads.read\"]}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = issued.json().get("apiKey").asText();
        String prefix = key.substring(0, key.length() - 32);
        assertThat(withApiKey(key, "GET", "/api/v1/leads/imports/none", null).status()).isNotIn(401, 429);

        for (int guess = 0; guess < 5; guess++) {
            String guessed = prefix + Integer.toString(guess).repeat(32);
            assertThat(withApiKey(guessed, "GET", "/api/v1/leads/imports/none", null).status()).isEqualTo(401);
        }
        Response slowed = withApiKey(prefix + "9".repeat(32), "GET", "/api/v1/leads/imports/none", null);
        Response rightKeyMeanwhile = withApiKey(key, "GET", "/api/v1/leads/imports/none", null);

        assertThat(slowed.status()).isEqualTo(429);
        assertThat(slowed.contentType()).startsWith("application/problem+json");
        assertThat(slowed.json().get("type").asText()).isEqualTo("urn:nlre:problem:too-many-requests");
        assertThat(Long.parseLong(slowed.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(rightKeyMeanwhile.status()).isEqualTo(429);
        assertThat(login(owner)).as("users signing in are not slowed by API-key guesses").isNotBlank();

        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(withApiKey(key, "GET", "/api/v1/leads/imports/none", null).status()).isNotIn(401, 429);
    }
}
