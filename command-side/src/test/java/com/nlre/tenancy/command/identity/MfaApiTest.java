package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MfaApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void enrolsConfirmsLogsInWithACodeAndDisablesWithACode() throws Exception {
        CLOCK.freezeAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);

        Response enrolment = asUser(token, "POST", "/api/v1/users/me/mfa", null);
        assertThat(enrolment.status()).as(enrolment.body()).isEqualTo(200);
        String secret = enrolment.json().get("secret").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(enrolment.json().get("otpauthUri").asText())
                .startsWith("otpauth://totp/").contains("secret=" + secret).contains("issuer=NLRE");
        String stored = jdbc.queryForObject("select mfa_pending_secret_encrypted from user_credentials where user_id = ?",
                String.class, owner.ownerUserId());
        assertThat(stored).startsWith("v1:").doesNotContain(secret);

        Response wrongCode = asUser(token, "POST", "/api/v1/users/me/mfa/confirm",
                "{\"code\":\"" + otherThan(code(secret, CLOCK.instant())) + "\"}");
        assertThat(wrongCode.status()).isEqualTo(422);
        assertThat(wrongCode.json().get("rule").asText()).isEqualTo("MFA_CODE_MUST_BE_VALID");
        Response confirmed = asUser(token, "POST", "/api/v1/users/me/mfa/confirm",
                "{\"code\":\"" + code(secret, CLOCK.instant()) + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.consistencyToken()).isNotNull();

        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).as("code required").isEqualTo(401);
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, "12345").status()).isEqualTo(401);
        CLOCK.advance(Duration.ofSeconds(30));
        String code = code(secret, CLOCK.instant());
        Response withCode = tryLogin(owner.tenantId(), owner.email(), PASSWORD, code);
        assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, code).status())
                .as("a code is accepted once").isEqualTo(401);

        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, code).status())
                .as("a code from two minutes ago").isEqualTo(401);
        String newToken = login(owner.tenantId(), owner.email(), PASSWORD, code(secret, CLOCK.instant()));

        CLOCK.advance(Duration.ofSeconds(30));
        String current = code(secret, CLOCK.instant());
        Response disabled = asUser(newToken, "DELETE", "/api/v1/users/me/mfa", "{\"code\":\"" + current + "\"}");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from user_credentials where user_id = ? "
                + "and mfa_secret_encrypted is null and mfa_enabled = false", Long.class, owner.ownerUserId())).isEqualTo(1L);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and (payloadtype like '%.TenantUserMfaEnabled' or payloadtype like '%.TenantUserMfaDisabled')",
                Long.class, owner.tenantId())).isEqualTo(2L);
    }

    @Test
    void confirmingWithoutAnEnrolmentOrDisablingWhenOffIsARuleViolation() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);

        Response confirm = asUser(token, "POST", "/api/v1/users/me/mfa/confirm", "{\"code\":\"123456\"}");
        assertThat(confirm.status()).isEqualTo(422);
        assertThat(confirm.json().get("rule").asText()).isEqualTo("MFA_ENROLMENT_NOT_STARTED");
        Response disable = asUser(token, "DELETE", "/api/v1/users/me/mfa", "{\"code\":\"123456\"}");
        assertThat(disable.status()).isEqualTo(422);
        assertThat(disable.json().get("rule").asText()).isEqualTo("MFA_NOT_ENABLED");
    }

    @Test
    void anApiKeyHasNoMe() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        Response issued = asUser(login(owner), "POST", "/api/v1/api-keys",
                "{\"name\":\"robot\",\"scopes\":[\"users.manage\"]}");
        Response response = withApiKey(issued.json().get("apiKey").asText(), "POST", "/api/v1/users/me/mfa", null);
        assertThat(response.status()).isEqualTo(403);
    }

    private String login(String tenantId, String email, String password, String code) {
        Response response = tryLogin(tenantId, email, password, code);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("accessToken").asText();
    }

    static String code(String secret, Instant at) throws Exception {
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, at.getEpochSecond() / 30);
    }

    private static String otherThan(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
