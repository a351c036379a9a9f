package com.nlre.tenancy.command.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.command.identity.apikey.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String NEW_USER = """
            {"name":"Robot Made","email":"%s","role":"viewer","permissions":["leads.read"],"password":"long enough pass"}""";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void issuesAKeyShownOnceThatActsAsItsTenantWithItsScopes() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);

        Response issued = issue(token, "{\"name\":\"CRM sync\",\"scopes\":[\"users.manage\",\"leads.read\"]}");

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = issued.json().get("apiKey").asText();
        assertThat(key).matches("nlre_" + owner.tenantId() + "_sk_live_[a-z0-9]{32}");
        assertThat(issued.json().get("keyId").asText()).matches("key_[a-z0-9]{16}");
        assertThat(issued.json().get("displayPrefix").asText()).isEqualTo("nlre_" + owner.tenantId() + "_sk_live_");
        assertThat(issued.json().get("lastFour").asText()).isEqualTo(key.substring(key.length() - 4));
        assertThat(issued.consistencyToken()).isNotNull();
        assertThat(jdbc.queryForObject("select count(*) from api_key_credentials where key_hash = ?", Long.class,
                ApiKeys.sha256(key))).isEqualTo(1L);

        Response added = withApiKey(key, "POST", "/api/v1/users", NEW_USER.formatted("robot@acmere.com"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(jdbc.queryForObject("select count(*) from api_key_credentials where key_id = ? "
                + "and last_used_at is not null", Long.class, issued.json().get("keyId").asText())).isEqualTo(1L);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%.TenantUserAdded' and metadata is not null", Long.class, owner.tenantId()))
                .isEqualTo(2L);

        Response readOnly = issue(token, "{\"name\":\"reader\",\"scopes\":[\"leads.read\"]}");
        Response refused = withApiKey(readOnly.json().get("apiKey").asText(), "POST", "/api/v1/users",
                NEW_USER.formatted("robot2@acmere.com"));
        assertThat(refused.status()).as("without users.manage").isEqualTo(403);
    }

    @Test
    void revokedExpiredForgedAndGarbageKeysAreUnauthenticated() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        TenantOwner other = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        Response revokedKey = issue(token, "{\"name\":\"to revoke\",\"scopes\":[\"users.manage\"]}");
        Response shortLived = issue(token, "{\"name\":\"short\",\"scopes\":[\"users.manage\"],\"expiresInDays\":1}");
        String key = revokedKey.json().get("apiKey").asText();

        Response revoked = asUser(token, "DELETE", "/api/v1/api-keys/" + revokedKey.json().get("keyId").asText(), null);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        Response again = asUser(token, "DELETE", "/api/v1/api-keys/" + revokedKey.json().get("keyId").asText(), null);
        assertThat(again.json().get("rule").asText()).isEqualTo("API_KEY_ALREADY_REVOKED");

        String random = key.substring(key.length() - 32);
        String otherTenantsShape = "nlre_" + other.tenantId() + "_sk_live_" + random;
        for (String presented : new String[]{key, "garbage", otherTenantsShape,
                "nlre_" + owner.tenantId() + "_sk_live_" + "a".repeat(32)}) {
            Response response = withApiKey(presented, "POST", "/api/v1/users", NEW_USER.formatted("x@acmere.com"));
            assertThat(response.status()).as(presented).isEqualTo(401);
            assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
        }

        CLOCK.advance(Duration.ofDays(2));
        Response expired = withApiKey(shortLived.json().get("apiKey").asText(), "POST", "/api/v1/users",
                NEW_USER.formatted("late@acmere.com"));
        assertThat(expired.status()).isEqualTo(401);
    }

    @Test
    void aKeysScopesMustBePermissionsItsCreatorHolds() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String ownerToken = login(owner);
        addUser(ownerToken, "max@acmere.com", "agent", "[\"users.manage\",\"leads.read\"]", "max's long password");
        String agentToken = login(owner.tenantId(), "max@acmere.com", "max's long password");

        Response refused = issue(agentToken, "{\"name\":\"too wide\",\"scopes\":[\"leads.read\",\"gdpr.manage\"]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("rule").asText()).isEqualTo("API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS");
        assertThat(issue(agentToken, "{\"name\":\"narrow\",\"scopes\":[\"leads.read\"]}").status()).isEqualTo(201);
    }

    @Test
    void refusesAValidityOutsideOneTo365DaysAndAnUnknownScope() {
        String token = login(createTenantWithOwner(PASSWORD));
        Response tooLong = issue(token, "{\"name\":\"k\",\"scopes\":[\"leads.read\"],\"expiresInDays\":366}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asText()).isEqualTo("expiresInDays");
        assertThat(issue(token, "{\"name\":\"k\",\"scopes\":[\"leads.read\"],\"expiresInDays\":0}").status()).isEqualTo(400);
        assertThat(issue(token, "{\"name\":\"k\",\"scopes\":[\"everything\"]}").status()).isEqualTo(400);
        assertThat(issue(token, "{\"name\":\"k\",\"scopes\":[]}").status()).isEqualTo(400);
    }

    @Test
    void anotherTenantsKeyIsAnsweredLikeAnUnknownOne() {
        String mine = login(createTenantWithOwner(PASSWORD));
        String theirs = login(createTenantWithOwner(PASSWORD));
        String theirKey = issue(theirs, "{\"name\":\"k\",\"scopes\":[\"leads.read\"]}").json().get("keyId").asText();

        Response foreign = asUser(mine, "DELETE", "/api/v1/api-keys/" + theirKey, null);
        Response missing = asUser(mine, "DELETE", "/api/v1/api-keys/key_doesnotexist00", null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().replace(theirKey, "ID")).isEqualTo(missing.body().replace("key_doesnotexist00", "ID"));
    }

    @Test
    void operatorsIntrospectKeysForOtherServices() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        Response issued = issue(login(owner), "{\"name\":\"k\",\"scopes\":[\"leads.read\",\"analytics.view\"]}");
        String key = issued.json().get("apiKey").asText();

        Response active = send("POST", "/api/v1/operator/api-keys/introspect", "{\"apiKey\":\"" + key + "\"}");
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().get("active").asBoolean()).isTrue();
        assertThat(active.json().get("tenantId").asText()).isEqualTo(owner.tenantId());
        assertThat(active.json().get("keyId").asText()).isEqualTo(issued.json().get("keyId").asText());
        assertThat(active.json().get("scopes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("leads.read", "analytics.view");
        Response inactive = send("POST", "/api/v1/operator/api-keys/introspect", "{\"apiKey\":\"garbage\"}");
        assertThat(inactive.json()).isEqualTo(objectMapper.createObjectNode().put("active", false));

        assertThat(withApiKey(key, "POST", "/api/v1/operator/api-keys/introspect", "{\"apiKey\":\"" + key + "\"}")
                .status()).as("a tenant credential never opens operator routes").isEqualTo(401);
    }

    @Test
    void reportsKeysPastTheNinetyDayRotationPolicy() {
        String token = login(createTenantWithOwner(PASSWORD));
        String old = issue(token, "{\"name\":\"old\",\"scopes\":[\"leads.read\"],\"expiresInDays\":365}")
                .json().get("keyId").asText();
        String revoked = issue(token, "{\"name\":\"gone\",\"scopes\":[\"leads.read\"],\"expiresInDays\":365}")
                .json().get("keyId").asText();
        String expiring = issue(token, "{\"name\":\"default\",\"scopes\":[\"leads.read\"]}").json().get("keyId").asText();
        assertThat(asUser(token, "DELETE", "/api/v1/api-keys/" + revoked, null).status()).isEqualTo(200);

        CLOCK.advance(Duration.ofDays(91));
        Response report = send("GET", "/api/v1/operator/api-keys/rotation-due", null);

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("rotationPolicyDays").asInt()).isEqualTo(90);
        assertThat(StreamSupport.stream(report.json().get("keys").spliterator(), false)
                .map(key -> key.get("keyId").asText()).toList())
                .contains(old).doesNotContain(revoked, expiring);
    }

    private Response issue(String accessToken, String body) {
        return asUser(accessToken, "POST", "/api/v1/api-keys", body);
    }
}
