package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** After the identity flows, no secret is found where events, records and logs go. */
@ExtendWith(OutputCaptureExtension.class)
class SecretScanTest extends CommandSideIntegrationTest {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$");

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void noPasswordHashTotpSecretApiKeyOrTokenIsInTheEventStoreOnKafkaOrInTheLogs(CapturedOutput logs) throws Exception {
        List<String> secrets = new ArrayList<>();
        CLOCK.freezeAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

        String ownerPassword = "owner's secret passphrase";
        TenantOwner owner = createTenantWithOwner(ownerPassword);
        Response generated = send("POST", "/api/v1/tenants", createTenantBody("free", null));
        String temporaryPassword = generated.json().get("initialOwnerPassword").asText();
        String otherTenant = generated.json().get("tenantId").asText();
        String ownerToken = login(owner);
        String userPassword = "agent's first passphrase";
        String changedPassword = "agent's second passphrase";
        addUser(ownerToken, "max@acmere.com", "admin", null, userPassword);
        String userToken = login(owner.tenantId(), "max@acmere.com", userPassword);
        assertThat(asUser(userToken, "PUT", "/api/v1/users/me/password", """
                {"currentPassword":"%s","newPassword":"%s"}""".formatted(userPassword, changedPassword)).status())
                .isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), "max@acmere.com", "a wrong passphrase", null).status()).isEqualTo(401);

        String totpSecret = asUser(ownerToken, "POST", "/api/v1/users/me/mfa", null).json().get("secret").asText();
        assertThat(asUser(ownerToken, "POST", "/api/v1/users/me/mfa/confirm",
                "{\"code\":\"" + MfaApiTest.code(totpSecret, CLOCK.instant()) + "\"}").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(30));
        Response mfaLogin = tryLogin(owner.tenantId(), owner.email(), ownerPassword,
                MfaApiTest.code(totpSecret, CLOCK.instant()));
        assertThat(mfaLogin.status()).isEqualTo(200);

        Response issued = asUser(ownerToken, "POST", "/api/v1/api-keys",
                "{\"name\":\"CRM\",\"scopes\":[\"users.manage\",\"leads.read\"]}");
        String apiKey = issued.json().get("apiKey").asText();
        assertThat(withApiKey(apiKey, "POST", "/api/v1/users",
                "{\"name\":\"Bot\",\"email\":\"bot@acmere.com\",\"role\":\"viewer\",\"permissions\":[\"leads.read\"],\"password\":\"bot's passphrase!\"}")
                .status()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/operator/api-keys/introspect", "{\"apiKey\":\"" + apiKey + "\"}").status())
                .isEqualTo(200);

        secrets.addAll(List.of(ownerPassword, temporaryPassword, userPassword, changedPassword, "bot's passphrase!",
                totpSecret, apiKey, apiKey.substring(apiKey.length() - 32), ownerToken, userToken,
                mfaLogin.json().get("accessToken").asText(), ENCRYPTION_KEY));
        secrets.addAll(jdbc.queryForList("select password_hash from user_credentials where tenant_id in (?, ?)",
                String.class, owner.tenantId(), otherTenant));
        secrets.addAll(jdbc.queryForList("select mfa_secret_encrypted from user_credentials where tenant_id = ? "
                + "and mfa_secret_encrypted is not null", String.class, owner.tenantId()));
        secrets.addAll(jdbc.queryForList("select key_hash from api_key_credentials where tenant_id = ?", String.class,
                owner.tenantId()));
        assertThat(secrets).hasSizeGreaterThan(15);

        List<String> stored = new ArrayList<>();
        jdbc.query("select payload, metadata from domainevententry", row -> {
            stored.add(new String(row.getBytes("payload"), StandardCharsets.UTF_8));
            byte[] metadata = row.getBytes("metadata");
            if (metadata != null) {
                stored.add(new String(metadata, StandardCharsets.UTF_8));
            }
        });
        assertThat(stored).isNotEmpty();
        assertNoSecretIn("the event store", stored, secrets);

        long expected = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier in (?, ?)",
                Long.class, owner.tenantId(), otherTenant);
        List<String> published = publishedRecordsOf(Set.of(owner.tenantId(), otherTenant), expected, Duration.ofSeconds(30));
        assertThat(published).hasSize((int) expected);
        assertNoSecretIn("the Kafka topic", published, secrets);

        assertNoSecretIn("the logs", List.of(logs.getAll()), secrets);
    }

    private static void assertNoSecretIn(String where, List<String> texts, List<String> secrets) {
        for (String text : texts) {
            assertThat(BCRYPT.matcher(text).find()).as("a BCrypt hash in " + where).isFalse();
            for (String secret : secrets) {
                assertThat(text).as("a secret in " + where).doesNotContain(secret);
            }
        }
    }
}
