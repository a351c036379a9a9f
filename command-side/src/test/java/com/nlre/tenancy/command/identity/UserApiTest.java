package com.nlre.tenancy.command.identity;

import com.nimbusds.jwt.SignedJWT;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String USER_PASSWORD = "jane's own passphrase";

    @Test
    void anOwnerAddsAUserWhoLogsInWithTheirRolesPermissionsOnly() throws Exception {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String ownerToken = login(owner);

        Response added = asUser(ownerToken, "POST", "/api/v1/users", """
                {"name":"Jane Roe","email":"Jane@AcmeRE.com","role":"agent","password":"%s"}""".formatted(USER_PASSWORD));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String userId = added.json().get("userId").asText();
        assertThat(added.consistencyToken()).startsWith(owner.tenantId() + ":" + owner.tenantId() + ":");
        assertThat(added.json().get("consistencyToken").asText()).isEqualTo(added.consistencyToken());
        String agentToken = login(owner.tenantId(), "jane@acmere.com", USER_PASSWORD);
        var claims = SignedJWT.parse(agentToken).getJWTClaimsSet();
        assertThat(claims.getStringClaim("userId")).isEqualTo(userId);
        assertThat(claims.getStringClaim("role")).isEqualTo("agent");
        assertThat(claims.getStringListClaim("permissions"))
                .containsExactlyInAnyOrder("leads.read", "leads.write", "calls.initiate");

        Response forbidden = asUser(agentToken, "POST", "/api/v1/users", """
                {"name":"Max","email":"max@acmere.com","role":"viewer","password":"long enough pass"}""");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("type").asText()).isEqualTo("urn:nlre:problem:forbidden");
    }

    @Test
    void emailIsUniqueWithinATenant() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        addUser(token, "jane@acmere.com", "agent", null, USER_PASSWORD);

        Response duplicate = asUser(token, "POST", "/api/v1/users", """
                {"name":"Jane Two","email":"JANE@acmere.com","role":"viewer","password":"long enough pass"}""");
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.json().get("rule").asText()).isEqualTo("EMAIL_UNIQUE_WITHIN_TENANT");
    }

    @Test
    void theLastOwnerCannotBeRemovedOrDemoted() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);

        Response removal = asUser(token, "DELETE", "/api/v1/users/" + owner.ownerUserId(), null);
        assertThat(removal.status()).isEqualTo(422);
        assertThat(removal.json().get("rule").asText()).isEqualTo("LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED");
        Response demotion = asUser(token, "PUT", "/api/v1/users/" + owner.ownerUserId() + "/role", "{\"role\":\"admin\"}");
        assertThat(demotion.status()).isEqualTo(422);
        assertThat(demotion.json().get("rule").asText()).isEqualTo("LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED");

        String secondOwner = addUser(token, "mary@acmere.com", "owner", null, USER_PASSWORD);
        assertThat(asUser(token, "PUT", "/api/v1/users/" + owner.ownerUserId() + "/role", "{\"role\":\"admin\"}")
                .status()).isEqualTo(200);
        assertThat(secondOwner).startsWith("user_");
    }

    @Test
    void anotherTenantsUserIsAnsweredExactlyLikeAnUnknownOne() {
        TenantOwner mine = createTenantWithOwner(PASSWORD);
        TenantOwner theirs = createTenantWithOwner(PASSWORD);
        String token = login(mine);
        String unknown = "user_doesnotexist00";

        for (String path : new String[]{"/role", "/permissions", "/deactivate", "/reactivate", ""}) {
            String method = path.isEmpty() ? "DELETE" : path.equals("/role") || path.equals("/permissions") ? "PUT" : "POST";
            String body = switch (path) {
                case "/role" -> "{\"role\":\"viewer\"}";
                case "/permissions" -> "{\"permissions\":[\"leads.read\"]}";
                case "/deactivate" -> "{\"reason\":\"test\"}";
                default -> null;
            };
            Response foreign = asUser(token, method, "/api/v1/users/" + theirs.ownerUserId() + path, body);
            Response missing = asUser(token, method, "/api/v1/users/" + unknown + path, body);
            assertThat(foreign.status()).as(path).isEqualTo(404);
            assertThat(foreign.body().replace(theirs.ownerUserId(), "ID"))
                    .isEqualTo(missing.body().replace(unknown, "ID"));
        }
        assertThat(asUser(token, "PUT", "/api/v1/users/not-a-user/role", "{\"role\":\"viewer\"}").status())
                .isEqualTo(404);
        assertThat(login(theirs)).as("the other tenant's owner is untouched").isNotBlank();
    }

    @Test
    void aDeactivatedUserCannotLogInUntilReactivated() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        String userId = addUser(token, "jane@acmere.com", "viewer", null, USER_PASSWORD);

        assertThat(asUser(token, "POST", "/api/v1/users/" + userId + "/deactivate", "{\"reason\":\"on leave\"}")
                .status()).isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), "jane@acmere.com", USER_PASSWORD, null).status()).isEqualTo(401);
        assertThat(asUser(token, "POST", "/api/v1/users/" + userId + "/reactivate", null).status()).isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), "jane@acmere.com", USER_PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void aRemovedUserCannotLogInAndTheirEmailIsFreeAgain() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        String userId = addUser(token, "jane@acmere.com", "viewer", null, USER_PASSWORD);

        assertThat(asUser(token, "DELETE", "/api/v1/users/" + userId, null).status()).isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), "jane@acmere.com", USER_PASSWORD, null).status()).isEqualTo(401);
        assertThat(addUser(token, "jane@acmere.com", "viewer", null, "a brand new passphrase")).isNotEqualTo(userId);
    }

    @Test
    void setsExplicitPermissionsThatTheNextTokenCarries() throws Exception {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        String userId = addUser(token, "jane@acmere.com", "viewer", "[\"leads.read\"]", USER_PASSWORD);

        assertThat(asUser(token, "PUT", "/api/v1/users/" + userId + "/permissions",
                "{\"permissions\":[\"leads.read\",\"billing.view\"]}").status()).isEqualTo(200);
        assertThat(SignedJWT.parse(login(owner.tenantId(), "jane@acmere.com", USER_PASSWORD)).getJWTClaimsSet()
                .getStringListClaim("permissions")).containsExactlyInAnyOrder("leads.read", "billing.view");
        Response unknownPermission = asUser(token, "PUT", "/api/v1/users/" + userId + "/permissions",
                "{\"permissions\":[\"leads.delete\"]}");
        assertThat(unknownPermission.status()).isEqualTo(400);
    }

    @Test
    void aUserChangesTheirOwnPasswordWithTheCurrentOne() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);

        Response wrongCurrent = asUser(token, "PUT", "/api/v1/users/me/password",
                "{\"currentPassword\":\"not the password\",\"newPassword\":\"a brand new passphrase\"}");
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(wrongCurrent.json().get("rule").asText()).isEqualTo("CURRENT_PASSWORD_MUST_MATCH");
        Response tooShort = asUser(token, "PUT", "/api/v1/users/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("errors").get(0).get("field").asText()).isEqualTo("newPassword");

        assertThat(asUser(token, "PUT", "/api/v1/users/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new passphrase\"}").status())
                .isEqualTo(200);
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(401);
        assertThat(tryLogin(owner.tenantId(), owner.email(), "a brand new passphrase", null).status()).isEqualTo(200);
    }

    @Test
    void refusesAShortPasswordNamingTheField() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        Response response = asUser(login(owner), "POST", "/api/v1/users",
                "{\"name\":\"Jane\",\"email\":\"jane@acmere.com\",\"role\":\"agent\",\"password\":\"tooshort\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("password");
    }

    @Test
    void anAdminCannotMakeAnOwner() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String ownerToken = login(owner);
        addUser(ownerToken, "ada@acmere.com", "admin", null, USER_PASSWORD);
        String adminToken = login(owner.tenantId(), "ada@acmere.com", USER_PASSWORD);

        Response response = asUser(adminToken, "POST", "/api/v1/users",
                "{\"name\":\"Eve\",\"email\":\"eve@acmere.com\",\"role\":\"owner\",\"password\":\"long enough pass\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("rule").asText()).isEqualTo("ONLY_OWNER_MANAGES_OWNERS");
    }
}
