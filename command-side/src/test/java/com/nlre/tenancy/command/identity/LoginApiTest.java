package com.nlre.tenancy.command.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoginApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void ownerLogsInAfterTenantCreationWithAJwtWhoseClaimsAreRightAndWhichTheJwksVerifies() throws Exception {
        TenantOwner owner = createTenantWithOwner(PASSWORD);

        Response response = tryLogin(owner.tenantId(), "John@AcmeRE.com", PASSWORD, null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(response.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        SignedJWT jwt = SignedJWT.parse(response.json().get("accessToken").asText());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(owner.ownerUserId());
        assertThat(claims.getStringClaim("userId")).isEqualTo(owner.ownerUserId());
        assertThat(claims.getStringClaim("tenantId")).isEqualTo(owner.tenantId());
        assertThat(claims.getStringClaim("role")).isEqualTo("owner");
        assertThat(claims.getStringListClaim("permissions")).containsExactlyInAnyOrder("leads.read", "leads.write",
                "calls.initiate", "analytics.view", "settings.edit", "users.manage", "billing.view", "audit.read",
                "gdpr.manage");
        assertThat(claims.getIssuer()).isEqualTo("nlre-tenancy");
        assertThat(claims.getAudience()).containsExactly("nlre-api");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));

        Response jwks = request("GET", "/.well-known/jwks.json", null, java.util.Map.of());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
        JWKSet keys = JWKSet.parse(jwks.body());
        String keyId = jwt.getHeader().getKeyID();
        assertThat(keyId).isNotBlank();
        assertThat(jwt.verify(new RSASSAVerifier(keys.getKeyByKeyId(keyId).toRSAKey()))).isTrue();
    }

    @Test
    void recordsTheLoginAsAnEventAndItsTimeAndSourceInTheCredentialStore() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        login(owner);

        assertThat(jdbc.queryForObject("select last_login_ip from user_credentials where user_id = ?", String.class,
                owner.ownerUserId())).isEqualTo("127.0.0.1");
        assertThat(jdbc.queryForObject("select count(*) from user_credentials where user_id = ? "
                + "and last_login_at is not null", Long.class, owner.ownerUserId())).isEqualTo(1L);
        assertThat(eventsOfType(owner.tenantId(), "TenantUserLoggedIn")).isEqualTo(1);
    }

    @Test
    void everyWrongPartAnswersTheSameUnauthorizedProblem() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        TenantOwner other = createTenantWithOwner("another long password");
        List<Response> refusals = List.of(
                tryLogin(owner.tenantId(), owner.email(), "wrong password here", null),
                tryLogin(owner.tenantId(), "nobody@acmere.com", PASSWORD, null),
                tryLogin("tenant_doesnotexist42", owner.email(), PASSWORD, null),
                tryLogin("not a tenant", owner.email(), PASSWORD, null),
                tryLogin(other.tenantId(), owner.email(), PASSWORD, null),
                tryLogin(owner.tenantId(), owner.email(), null, null));
        for (Response refusal : refusals) {
            assertThat(refusal.status()).as(refusal.body()).isEqualTo(401);
            assertThat(refusal.contentType()).startsWith("application/problem+json");
            assertThat(refusal.json()).isEqualTo(refusals.get(0).json());
        }
        assertThat(refusals.get(0).json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
    }

    @Test
    void theSameEmailMayBelongToUsersOfTwoTenantsEachLoggingIntoItsOwn() throws Exception {
        TenantOwner first = createTenantWithOwner(PASSWORD);
        TenantOwner second = createTenantWithOwner("a different password");

        assertThat(tenantClaim(login(first))).isEqualTo(first.tenantId());
        assertThat(tenantClaim(login(second))).isEqualTo(second.tenantId());
        assertThat(tryLogin(second.tenantId(), OWNER_EMAIL, PASSWORD, null).status()).isEqualTo(401);
    }

    @Test
    void locksTheUserOutAfterFiveConsecutiveFailuresForFifteenMinutes() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(tryLogin(owner.tenantId(), owner.email(), "wrong password " + attempt, null).status())
                    .isEqualTo(401);
        }
        Response whileLocked = tryLogin(owner.tenantId(), owner.email(), PASSWORD, null);
        assertThat(whileLocked.status()).isEqualTo(401);
        assertThat(whileLocked.json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
        assertThat(tryLogin(owner.tenantId(), owner.email(), "wrong again!", null).status()).isEqualTo(401);
        assertThat(eventsOfType(owner.tenantId(), "TenantUserLockedOut")).as("recorded once").isEqualTo(1);

        CLOCK.advance(Duration.ofMinutes(16));
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        for (int round = 0; round < 2; round++) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                assertThat(tryLogin(owner.tenantId(), owner.email(), "wrong password " + attempt, null).status())
                        .isEqualTo(401);
            }
            assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(200);
        }
        assertThat(eventsOfType(owner.tenantId(), "TenantUserLockedOut")).isZero();
    }

    @Test
    void rateLimitsFailedAttemptsPerUserWithTooManyRequestsAndRetryAfter() {
        String tenantId = createTenant();
        Response last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            last = tryLogin(tenantId, "ghost@acmere.com", "wrong password " + attempt, null);
            assertThat(last.status()).isEqualTo(401);
        }
        Response limited = tryLogin(tenantId, "ghost@acmere.com", "wrong password 11", null);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asText()).isEqualTo("urn:nlre:problem:too-many-requests");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(tryLogin(tenantId, "other@acmere.com", "wrong password", null).status())
                .as("another user of the same source is not limited yet").isEqualTo(401);
    }

    @Test
    void aSuspendedTenantsTokenIsRefusedForWritesAtOnceButMayStillLogInToRead() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/suspend", "{\"reason\":\"unpaid\"}").status())
                .isEqualTo(200);

        Response write = asUser(token, "POST", "/api/v1/users",
                "{\"name\":\"Jane\",\"email\":\"jane@acmere.com\",\"role\":\"agent\",\"password\":\"long enough pass\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-suspended");
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void aCanceledTenantsUsersMayLogInDuringRetentionButTheirTokensOnlyExport() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/cancel", "{\"reason\":\"left\"}").status())
                .isEqualTo(200);

        Response login = tryLogin(owner.tenantId(), owner.email(), PASSWORD, null);
        assertThat(login.status()).as("to export during the retention period").isEqualTo(200);
        Response write = asUser(token, "DELETE", "/api/v1/users/" + owner.ownerUserId(), null);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-canceled");
        Response read = asUser(login.json().get("accessToken").asText(), "GET", "/api/v1/audit/history", null);
        assertThat(read.status()).as("not an export route").isEqualTo(403);
        assertThat(read.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-canceled");
    }

    @Test
    void refusesForgedAndTamperedTokens() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        TenantOwner victim = createTenantWithOwner(PASSWORD);
        String[] parts = login(owner).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = parts[0] + "." + base64Url(claims.replace(owner.tenantId(), victim.tenantId())) + "." + parts[2];
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String body = "{\"name\":\"Eve\",\"email\":\"eve@acmere.com\",\"role\":\"admin\",\"password\":\"long enough pass\"}";

        for (String forged : List.of(tampered, unsigned, "not.a.jwt", parts[0] + "." + parts[1] + ".c2lnbmF0dXJl")) {
            Response response = asUser(forged, "POST", "/api/v1/users", body);
            assertThat(response.status()).as(forged).isEqualTo(401);
            assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
        }
        assertThat(request("POST", "/api/v1/users", body, java.util.Map.of("Content-Type", "application/json")).status())
                .isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsRefused() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        CLOCK.advance(Duration.ofMinutes(-20));
        String token = login(owner);
        CLOCK.reset();

        assertThat(asUser(token, "DELETE", "/api/v1/users/" + owner.ownerUserId(), null).status()).isEqualTo(401);
    }

    @Test
    void documentsTheIdentityEndpointsAndTheirSecuritySchemes() {
        JsonNode docs = request("GET", "/v3/api-docs", null, java.util.Map.of()).json();
        assertThat(docs.get("paths").has("/api/v1/auth/token")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/users/{userId}/role")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/api-keys")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/users/me/mfa/confirm")).isTrue();
        assertThat(docs.get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(docs.get("components").get("securitySchemes").has("apiKey")).isTrue();
        assertThat(docs.get("paths").get("/api/v1/auth/token").get("post").get("security")).isEmpty();
    }

    private String tenantClaim(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenantId");
    }

    private long eventsOfType(String tenantId, String type) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like ?", Long.class, tenantId, "%." + type);
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
