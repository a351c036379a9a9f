package com.nlre.tenancy.query.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.StubCommandSide;
import com.nlre.tenancy.web.security.OperatorProperties;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API-key verification against a stub of the command side's introspection endpoint (a JDK HTTP server). */
class IntrospectingApiKeyVerifierTest {

    private static final OperatorProperties OPERATOR = new OperatorProperties("operator", "introspection-secret");

    private final TenantId tenantId = TenantId.generate();
    private final ApiKeyId keyId = ApiKeyId.generate();
    private final String apiKey = "nlre_" + tenantId + "_sk_live_Q2hlY2tUaGlzS2V5SXNSYW5kb20";
    private final AtomicLong nanos = new AtomicLong();
    private StubCommandSide commandSide;
    private IntrospectingApiKeyVerifier verifier;

    @BeforeEach
    void startCommandSide() {
        commandSide = new StubCommandSide(OPERATOR.username(), OPERATOR.password());
        verifier = verifierWithTimeout(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopCommandSide() {
        commandSide.close();
    }

    @Test
    void authenticatesAnActiveKeyAsItsTenantWithItsScopes() {
        commandSide.activeKey(apiKey, tenantId, keyId, Set.of(Permission.LEADS_READ, Permission.USERS_MANAGE));

        TenantPrincipal principal = verifier.verify(apiKey).orElseThrow();

        assertThat(principal.tenantId()).isEqualTo(tenantId);
        assertThat(principal.principalId()).isEqualTo(keyId.value());
        assertThat(principal.type()).isEqualTo(PrincipalType.API_KEY);
        assertThat(principal.role()).isNull();
        assertThat(principal.permissions()).containsExactlyInAnyOrder(Permission.LEADS_READ, Permission.USERS_MANAGE);
        assertThat(commandSide.receivedBodies()).containsExactly("{\"apiKey\":\"" + apiKey + "\"}");
    }

    @Test
    void refusesAKeyTheCommandSideDoesNotKnow() {
        assertThat(verifier.verify(apiKey)).isEmpty();
    }

    @Test
    void refusesAMalformedKeyWithoutAskingTheCommandSide() {
        for (String malformed : new String[]{"", "secret", "nlre_tenant_x_sk_live_abcdefghijklmnop",
                "nlre_" + tenantId + "_sk_live_short", "nlre_" + tenantId + "_sk_live_" + "a".repeat(16) + "\"}"}) {
            assertThat(verifier.verify(malformed)).as(malformed).isEmpty();
        }
        assertThat(commandSide.receivedBodies()).isEmpty();
    }

    @Test
    void refusesAnActiveAnswerForAnotherTenantThanTheKeyNames() {
        commandSide.activeKey(apiKey, TenantId.generate(), keyId, Set.of(Permission.USERS_MANAGE));

        assertThat(verifier.verify(apiKey)).isEmpty();
    }

    @Test
    void dropsScopesItDoesNotKnow() {
        commandSide.answerEveryRequestWith(new StubCommandSide.CannedAnswer(200, "{\"active\":true,\"tenantId\":\""
                + tenantId + "\",\"keyId\":\"" + keyId + "\",\"scopes\":[\"leads.read\",\"rockets.launch\"]}", 0));

        assertThat(verifier.verify(apiKey).orElseThrow().permissions()).containsExactly(Permission.LEADS_READ);
    }

    @Test
    void cachesEitherVerdictForTheCacheTtlOnly() {
        commandSide.activeKey(apiKey, tenantId, keyId, Set.of(Permission.LEADS_READ));
        String unknownKey = "nlre_" + tenantId + "_sk_live_VW5rbm93bktleVVua25vd25LZXk";

        verifier.verify(apiKey);
        verifier.verify(apiKey);
        verifier.verify(unknownKey);
        verifier.verify(unknownKey);
        assertThat(commandSide.receivedBodies()).hasSize(2);

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(verifier.verify(apiKey)).isPresent();
        assertThat(commandSide.receivedBodies()).hasSize(3);
    }

    @Test
    void failsWithoutCachingWhenTheCommandSideCannotAnswer() {
        commandSide.answerEveryRequestWith(new StubCommandSide.CannedAnswer(503, "{}", 0));

        assertThatThrownBy(() -> verifier.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class)
                .message().doesNotContain(apiKey);
        assertThatThrownBy(() -> verifier.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class);
        assertThat(commandSide.receivedBodies()).hasSize(2);

        commandSide.answerEveryRequestWith(new StubCommandSide.CannedAnswer(200, "not json", 0));
        assertThatThrownBy(() -> verifier.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class);
    }

    @Test
    void givesUpOnASlowCommandSideAfterTheTimeout() {
        commandSide.answerEveryRequestWith(new StubCommandSide.CannedAnswer(200, "{\"active\":false}", 2_000));
        IntrospectingApiKeyVerifier impatient = verifierWithTimeout(Duration.ofMillis(200));

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void failsWhenTheCommandSideIsUnreachable() {
        IntrospectingApiKeyVerifier nowhere = new IntrospectingApiKeyVerifier(
                new CommandSideProperties(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)), OPERATOR,
                new ObjectMapper(), Duration.ofSeconds(30), nanos::get);

        assertThatThrownBy(() -> nowhere.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class);
    }

    @Test
    void presentsTheOperatorCredential() {
        IntrospectingApiKeyVerifier wrongCredential = new IntrospectingApiKeyVerifier(
                new CommandSideProperties(commandSide.url(), Duration.ofSeconds(2)),
                new OperatorProperties("operator", "not-the-right-password"), new ObjectMapper(),
                Duration.ofSeconds(30), nanos::get);
        commandSide.activeKey(apiKey, tenantId, keyId, Set.of(Permission.LEADS_READ));

        assertThatThrownBy(() -> wrongCredential.verify(apiKey)).isInstanceOf(ApiKeyIntrospectionException.class);
        assertThat(verifier.verify(apiKey)).map(TenantPrincipal::tenantId).isEqualTo(Optional.of(tenantId));
    }

    private IntrospectingApiKeyVerifier verifierWithTimeout(Duration timeout) {
        Ticker ticker = nanos::get;
        return new IntrospectingApiKeyVerifier(new CommandSideProperties(commandSide.url(), timeout), OPERATOR,
                new ObjectMapper(), Duration.ofSeconds(30), ticker);
    }
}
