package com.nlre.tenancy.command.idempotency;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

/**
 * The window between a command's commit and keeping its response is closed: the claim, the command's effects and the
 * kept response commit in one transaction. Keeping the response is made to fail once (as a crash right after the
 * command would leave it): the command's effects roll back with it, the client gets 503, and a retry with the same
 * key executes once, so no second resource is ever created. Runs on PostgreSQL too (NLRE_TEST_JDBC_URL).
 */
class IdempotencyCrashWindowApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @MockitoSpyBean
    private IdempotencyKeys keys;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aLeadWhoseResponseCouldNotBeKeptIsRolledBackAndItsRetryAddsExactlyOneLead() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        String key = UUID.randomUUID().toString();
        String body = "{\"contact\":{\"name\":\"Mary Seller\",\"phones\":[\"+15557654321\"]}}";
        failKeepingTheNextResponse();

        Response crashed = addLead(token, key, body);

        assertThat(crashed.status()).as(crashed.body()).isEqualTo(503);
        assertThat(crashed.contentType()).startsWith("application/problem+json");
        assertThat(crashed.json().get("type").asText()).isEqualTo("urn:nlre:problem:service-unavailable");
        assertThat(crashed.headers().firstValue("Retry-After")).isPresent();
        assertThat(leadsAddedIn(owner.tenantId())).as("the lead's events rolled back with the response").isZero();
        assertThat(leadQuotaUsed(owner.tenantId())).as("and its quota reservation").isZero();
        assertThat(keyRows(owner.tenantId(), key)).as("and the claim: the key is free").isZero();

        Response retry = addLead(token, key, body);
        Response again = addLead(token, key, body);

        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
        assertThat(again.json().get("leadId")).isEqualTo(retry.json().get("leadId"));
        assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(1);
        assertThat(leadQuotaUsed(owner.tenantId())).isEqualTo(1);
    }

    @Test
    void aTenantWhoseResponseCouldNotBeKeptIsRolledBackAndItsRetryCreatesExactlyOneTenant() {
        String key = UUID.randomUUID().toString();
        String body = createTenantBody("starter", "\"ownerPassword\":\"" + PASSWORD + "\"");
        long tenantsBefore = tenantsCreated();
        failKeepingTheNextResponse();

        Response crashed = createTenant(key, body);

        assertThat(crashed.status()).as(crashed.body()).isEqualTo(503);
        assertThat(tenantsCreated()).as("neither the tenant nor its owner's credentials were stored")
                .isEqualTo(tenantsBefore);
        assertThat(keyRows(IdempotencyInterceptor.OPERATOR_SCOPE, key)).isZero();

        Response retry = createTenant(key, body);
        Response again = createTenant(key, body);

        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
        assertThat(again.json().get("tenantId")).isEqualTo(retry.json().get("tenantId"));
        assertThat(tenantsCreated()).isEqualTo(tenantsBefore + 1);
        assertThat(tryLogin(retry.json().get("tenantId").asText(), OWNER_EMAIL, PASSWORD, null).status())
                .isEqualTo(200);
    }

    /** The next attempt to keep a response fails as if the process died right after the command. */
    private void failKeepingTheNextResponse() {
        doThrow(new RecoverableDataAccessException("simulated crash before the response was kept"))
                .doCallRealMethod().when(keys).complete(any(), any());
    }

    private Response addLead(String token, String key, String body) {
        return request("POST", "/api/v1/leads", body, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json", IdempotencyFilter.HEADER, key));
    }

    private Response createTenant(String key, String body) {
        return request("POST", "/api/v1/tenants", body, Map.of("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)),
                "Content-Type", "application/json", IdempotencyFilter.HEADER, key));
    }

    private long leadsAddedIn(String tenantId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry WHERE aggregateidentifier LIKE ? "
                + "AND payloadtype LIKE ?", Long.class, tenantId + ".%", "%LeadAdded");
    }

    private long leadQuotaUsed(String tenantId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(used), 0) FROM quota_counters WHERE tenant_id = ? "
                + "AND meter = 'leads'", Long.class, tenantId);
    }

    private long tenantsCreated() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry WHERE payloadtype LIKE ?", Long.class,
                "%.TenantCreated");
    }

    private long keyRows(String scope, String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?",
                Long.class, scope, key);
    }
}
