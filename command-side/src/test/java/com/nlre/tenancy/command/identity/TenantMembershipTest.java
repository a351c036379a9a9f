package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.identity.IdentityCommands.AddTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserPassword;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserRole;
import com.nlre.tenancy.command.identity.IdentityCommands.DeactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.DisableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityCommands.EnableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityCommands.IssueApiKey;
import com.nlre.tenancy.command.identity.IdentityCommands.LockOutTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ReactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RecordTenantUserLogin;
import com.nlre.tenancy.command.identity.IdentityCommands.RemoveTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RevokeApiKey;
import com.nlre.tenancy.command.identity.IdentityCommands.SetTenantUserPermissions;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.tenant.Tenant;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.ApiKeyRevoked;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserDeactivated;
import com.nlre.tenancy.events.identity.TenantUserLockedOut;
import com.nlre.tenancy.events.identity.TenantUserLoggedIn;
import com.nlre.tenancy.events.identity.TenantUserMfaDisabled;
import com.nlre.tenancy.events.identity.TenantUserMfaEnabled;
import com.nlre.tenancy.events.identity.TenantUserPasswordChanged;
import com.nlre.tenancy.events.identity.TenantUserPermissionsChanged;
import com.nlre.tenancy.events.identity.TenantUserReactivated;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.TenantUserRoleChanged;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.FeatureNotInPlan;
import com.nlre.tenancy.command.usage.TestPlans;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class TenantMembershipTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final UserId OWNER = new UserId("user_owner1");
    private static final UserId ADMIN = new UserId("user_admin1");
    private static final UserId AGENT = new UserId("user_agent1");
    private static final UserId NEWCOMER = new UserId("user_newcomer1");
    private static final ApiKeyId KEY = new ApiKeyId("key_abc123");
    private static final CredentialHash HASH = new CredentialHash("$2a$04$hash");
    private static final Instant IN_90_DAYS = NOW.plus(Duration.ofDays(90));

    private FixtureConfiguration<Tenant> fixture;
    private final CountingQuotas quotas = new CountingQuotas();
    private final CredentialStore credentials = mock(CredentialStore.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(quotas);
        fixture.registerInjectableResource(TestPlans.FEATURES);
    }

    private static TenantCreated tenantCreated() {
        return new TenantCreated(TENANT, "Acme", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acme.test", "+15551234567"), Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestPlans.PROFESSIONAL_PRICING, null, null, null, null, NOW);
    }

    private static TenantUserAdded added(UserId userId, String email, Role role) {
        return new TenantUserAdded(TENANT, userId, new UserProfile("Someone", email), role, role.defaultPermissions(),
                NOW);
    }

    private static Object[] tenantWithOwnerAdminAndAgent() {
        return new Object[]{tenantCreated(), added(OWNER, "john@acme.test", Role.OWNER),
                added(ADMIN, "ada@acme.test", Role.ADMIN), added(AGENT, "max@acme.test", Role.AGENT)};
    }

    private static Map<String, String> by(UserId user) {
        return Map.of("actorType", Actor.USER, "actorId", user.value());
    }

    private static Map<String, String> byKey(ApiKeyId key) {
        return Map.of("actorType", Actor.API_KEY, "actorId", key.value());
    }

    private static AddTenantUser addNewcomer(String email, Role role, Set<Permission> permissions) {
        return new AddTenantUser(TENANT, NEWCOMER, "Jane Roe", email, role, permissions, HASH);
    }

    private static IssueApiKey issueKey(Set<Permission> scopes) {
        return new IssueApiKey(TENANT, KEY, "CRM sync", scopes, IN_90_DAYS, new CredentialHash("ab12"),
                "nlre_tenant_abc123_sk_live_", "wxyz");
    }

    private static void expectRule(ResultValidator<Tenant> result, String rule) {
        result.expectNoEvents().expectException(violationOf(rule));
    }

    private static Matcher<Throwable> violationOf(String rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable thrown) {
                return thrown instanceof BusinessRuleViolation violation && rule.equals(violation.rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of " + rule);
            }
        };
    }

    @Test
    void addsAUserWithTheRolesDefaultPermissionsAndStoresTheirCredential() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("Jane@Acme.test", Role.AGENT, null), by(ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantUserAdded(TENANT, NEWCOMER, new UserProfile("Jane Roe", "jane@acme.test"),
                        Role.AGENT, Role.AGENT.defaultPermissions(), NOW));
        verify(credentials).userAdded(TENANT, NEWCOMER, "jane@acme.test", HASH);
    }

    @Test
    void addsAUserWithExplicitPermissions() {
        Set<Permission> permissions = Set.of(Permission.LEADS_READ, Permission.BILLING_VIEW);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("jane@acme.test", Role.VIEWER, permissions), by(OWNER))
                .expectEvents(new TenantUserAdded(TENANT, NEWCOMER, new UserProfile("Jane Roe", "jane@acme.test"),
                        Role.VIEWER, permissions, NOW));
    }

    @Test
    void refusesAnEmailAlreadyUsedInTheTenantWhateverItsCase() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("MAX@acme.test", Role.VIEWER, null), by(OWNER)), IdentityRules.EMAIL_UNIQUE_WITHIN_TENANT);
        verifyNoInteractions(credentials);
    }

    @Test
    void freesTheEmailOfARemovedUser() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserRemoved(TENANT, AGENT, NOW))
                .when(addNewcomer("max@acme.test", Role.AGENT, null), by(OWNER))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsAnEmailThatIsNotAnAddress() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("jane-at-acme", Role.AGENT, null), by(OWNER))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void onlyAnOwnerGrantsTheOwnerRole() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("jane@acme.test", Role.OWNER, null), by(ADMIN)), IdentityRules.ONLY_OWNER_MANAGES_OWNERS);
    }

    @Test
    void noOneGrantsAPermissionTheyDoNotHold() {
        Object[] history = {tenantCreated(), added(OWNER, "john@acme.test", Role.OWNER),
                new TenantUserAdded(TENANT, AGENT, new UserProfile("Max", "max@acme.test"), Role.AGENT,
                        Set.of(Permission.LEADS_READ, Permission.USERS_MANAGE), NOW)};
        expectRule(fixture.given(history)
                .when(addNewcomer("jane@acme.test", Role.ADMIN, null), by(AGENT)),
                IdentityRules.GRANTS_WITHIN_ACTOR_PERMISSIONS);
        fixture.given(history)
                .when(new SetTenantUserPermissions(TENANT, AGENT, EnumSet.allOf(Permission.class)), by(AGENT))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aDeactivatedUserCannotManageUsers() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserDeactivated(TENANT, ADMIN, "left", NOW))
                .when(addNewcomer("jane@acme.test", Role.AGENT, null), by(ADMIN)), IdentityRules.ACTOR_MUST_BE_ACTIVE);
    }

    @Test
    void changingTheRoleResetsPermissionsToTheRolesDefaults() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ChangeTenantUserRole(TENANT, AGENT, Role.VIEWER), by(ADMIN))
                .expectEvents(new TenantUserRoleChanged(TENANT, AGENT, Role.AGENT, Role.VIEWER,
                        Role.VIEWER.defaultPermissions(), NOW));
    }

    @Test
    void changingToTheSameRoleChangesNothing() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ChangeTenantUserRole(TENANT, AGENT, Role.AGENT), by(ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToDemoteTheLastOwner() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ChangeTenantUserRole(TENANT, OWNER, Role.ADMIN), by(OWNER)),
                IdentityRules.LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED);
    }

    @Test
    void refusesToRemoveTheLastOwner() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new RemoveTenantUser(TENANT, OWNER), by(OWNER)),
                IdentityRules.LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED);
        verifyNoInteractions(credentials);
    }

    @Test
    void refusesToDeactivateTheLastActiveOwner() {
        UserId secondOwner = new UserId("user_owner2");
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(added(secondOwner, "mary@acme.test", Role.OWNER),
                        new TenantUserDeactivated(TENANT, secondOwner, "on leave", NOW))
                .when(new DeactivateTenantUser(TENANT, OWNER, "leaving"), by(OWNER)),
                IdentityRules.LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED);
    }

    @Test
    void removesAnOwnerWhileAnotherActiveOwnerRemains() {
        UserId secondOwner = new UserId("user_owner2");
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(added(secondOwner, "mary@acme.test", Role.OWNER))
                .when(new RemoveTenantUser(TENANT, OWNER), by(secondOwner))
                .expectEvents(new TenantUserRemoved(TENANT, OWNER, NOW));
        verify(credentials).userRemoved(OWNER);
    }

    @Test
    void onlyAnOwnerDemotesAnOwner() {
        UserId secondOwner = new UserId("user_owner2");
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(added(secondOwner, "mary@acme.test", Role.OWNER))
                .when(new ChangeTenantUserRole(TENANT, secondOwner, Role.VIEWER), by(ADMIN)),
                IdentityRules.ONLY_OWNER_MANAGES_OWNERS);
    }

    @Test
    void anOwnerAlwaysHoldsEveryPermission() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new SetTenantUserPermissions(TENANT, OWNER, Set.of(Permission.LEADS_READ)), by(OWNER)),
                IdentityRules.OWNER_HOLDS_EVERY_PERMISSION);
    }

    @Test
    void setsTheWholePermissionSet() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new SetTenantUserPermissions(TENANT, AGENT, Set.of(Permission.LEADS_READ)), by(ADMIN))
                .expectEvents(new TenantUserPermissionsChanged(TENANT, AGENT, Set.of(Permission.LEADS_READ), NOW));
    }

    @Test
    void anUnknownUserIsAnUnknownResource() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ChangeTenantUserRole(TENANT, NEWCOMER, Role.ADMIN), by(OWNER))
                .expectException(UnknownResource.class)
                .expectNoEvents();
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserRemoved(TENANT, AGENT, NOW))
                .when(new DeactivateTenantUser(TENANT, AGENT, "gone"), by(OWNER))
                .expectException(UnknownResource.class);
    }

    @Test
    void aSuspendedTenantChangesNoUsers() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantSuspended(TENANT, "unpaid", NOW))
                .when(addNewcomer("jane@acme.test", Role.AGENT, null), by(OWNER)),
                IdentityRules.ONLY_ACTIVE_TENANT_CHANGES_USERS);
    }

    @Test
    void deactivatesAndReactivatesAUser() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new DeactivateTenantUser(TENANT, AGENT, "on leave"), by(ADMIN))
                .expectEvents(new TenantUserDeactivated(TENANT, AGENT, "on leave", NOW));
        verify(credentials).userDeactivated(AGENT);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserDeactivated(TENANT, AGENT, "on leave", NOW))
                .when(new ReactivateTenantUser(TENANT, AGENT), by(ADMIN))
                .expectEvents(new TenantUserReactivated(TENANT, AGENT, NOW));
    }

    @Test
    void deactivatesOnlyAnActiveUserAndReactivatesOnlyADeactivatedOne() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserDeactivated(TENANT, AGENT, "on leave", NOW))
                .when(new DeactivateTenantUser(TENANT, AGENT, "again"), by(ADMIN)),
                IdentityRules.ONLY_ACTIVE_USER_CAN_BE_DEACTIVATED);
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ReactivateTenantUser(TENANT, AGENT), by(ADMIN)),
                IdentityRules.ONLY_DEACTIVATED_USER_CAN_BE_REACTIVATED);
    }

    @Test
    void recordsAPasswordChangeWithoutTheSecret() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new ChangeTenantUserPassword(TENANT, AGENT, HASH), by(AGENT))
                .expectEvents(new TenantUserPasswordChanged(TENANT, AGENT, NOW));
        verify(credentials).passwordChanged(AGENT, HASH);
    }

    @Test
    void recordsALoginAndAnswersTheMembershipsCurrentGrant() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserRoleChanged(TENANT, AGENT, Role.AGENT, Role.VIEWER,
                        Role.VIEWER.defaultPermissions(), NOW))
                .when(new RecordTenantUserLogin(TENANT, AGENT, "203.0.113.7"), by(AGENT))
                .expectEvents(new TenantUserLoggedIn(TENANT, AGENT, NOW))
                .expectResultMessagePayload(new LoginGrant(Role.VIEWER, Role.VIEWER.defaultPermissions()));
        verify(credentials).loggedIn(AGENT, NOW, "203.0.113.7");
    }

    @Test
    void aDeactivatedUserCannotLogIn() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserDeactivated(TENANT, AGENT, "left", NOW))
                .when(new RecordTenantUserLogin(TENANT, AGENT, "203.0.113.7"), by(AGENT)),
                IdentityRules.USER_MUST_BE_ACTIVE);
    }

    @Test
    void suspendedAndCanceledTenantsUsersMayLogInToReadOrExportButAnOffboardedTenantsMayNot() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantSuspended(TENANT, "unpaid", NOW))
                .when(new RecordTenantUserLogin(TENANT, AGENT, "203.0.113.7"), by(AGENT))
                .expectEvents(new TenantUserLoggedIn(TENANT, AGENT, NOW));
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantCanceled(TENANT, "left", NOW, NOW.plus(Duration.ofDays(30))))
                .when(new RecordTenantUserLogin(TENANT, AGENT, "203.0.113.7"), by(AGENT))
                .expectEvents(new TenantUserLoggedIn(TENANT, AGENT, NOW));
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantCanceled(TENANT, "left", NOW), new TenantOffboarded(TENANT, NOW, NOW, NOW, "asked"))
                .when(new RecordTenantUserLogin(TENANT, AGENT, "203.0.113.7"), by(AGENT)),
                IdentityRules.OFFBOARDED_TENANT_ALLOWS_NO_LOGIN);
    }

    @Test
    void recordsALockoutOnlyOnceWhileTheUserIsLocked() {
        Instant until = NOW.plus(Duration.ofMinutes(15));
        when(credentials.lockOut(AGENT, until, NOW)).thenReturn(true);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new LockOutTenantUser(TENANT, AGENT, until), Map.of("actorType", Actor.SYSTEM))
                .expectEvents(new TenantUserLockedOut(TENANT, AGENT, until));
        when(credentials.lockOut(AGENT, until, NOW)).thenReturn(false);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new LockOutTenantUser(TENANT, AGENT, until), Map.of("actorType", Actor.SYSTEM))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void enablesMfaOnlyFromAPendingEnrolment() {
        when(credentials.enablePendingMfa(AGENT)).thenReturn(false);
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new EnableTenantUserMfa(TENANT, AGENT), by(AGENT)), IdentityRules.MFA_ENROLMENT_NOT_STARTED);
        when(credentials.enablePendingMfa(AGENT)).thenReturn(true);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new EnableTenantUserMfa(TENANT, AGENT), by(AGENT))
                .expectEvents(new TenantUserMfaEnabled(TENANT, AGENT, NOW));
    }

    @Test
    void enablesMfaOnceAndDisablesItOnlyWhenOn() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserMfaEnabled(TENANT, AGENT, NOW))
                .when(new EnableTenantUserMfa(TENANT, AGENT), by(AGENT)), IdentityRules.MFA_ALREADY_ENABLED);
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new DisableTenantUserMfa(TENANT, AGENT), by(AGENT)), IdentityRules.MFA_NOT_ENABLED);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new TenantUserMfaEnabled(TENANT, AGENT, NOW))
                .when(new DisableTenantUserMfa(TENANT, AGENT), by(AGENT))
                .expectEvents(new TenantUserMfaDisabled(TENANT, AGENT, NOW));
        verify(credentials).mfaDisabled(AGENT);
    }

    @Test
    void issuesAnApiKeyScopedWithinItsCreatorsPermissions() {
        Set<Permission> scopes = Set.of(Permission.LEADS_READ, Permission.USERS_MANAGE);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(issueKey(scopes), by(ADMIN))
                .expectEvents(new ApiKeyIssued(TENANT, KEY, "CRM sync", "nlre_tenant_abc123_sk_live_", "wxyz", scopes,
                        ADMIN.value(), NOW, IN_90_DAYS));
        verify(credentials).apiKeyIssued(TENANT, KEY, new CredentialHash("ab12"), scopes, IN_90_DAYS, ADMIN.value(), NOW);
    }

    @Test
    void apiKeysNeedAPlanWithApiAccess() {
        quotas.plan(Plan.FREE);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(issueKey(Set.of(Permission.LEADS_READ)), by(ADMIN))
                .expectException(FeatureNotInPlan.class)
                .expectNoEvents();
        verifyNoInteractions(credentials);
    }

    @Test
    void refusesAnApiKeyScopedBeyondItsCreator() {
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .when(issueKey(Set.of(Permission.LEADS_READ, Permission.GDPR_MANAGE)), by(AGENT)),
                IdentityRules.API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS);
        verifyNoInteractions(credentials);
    }

    @Test
    void anApiKeyIssuesKeysOnlyWithinItsOwnScopes() {
        ApiKeyId parent = new ApiKeyId("key_parent1");
        Object parentIssued = new ApiKeyIssued(TENANT, parent, "admin key", "p", "1234",
                Set.of(Permission.USERS_MANAGE, Permission.LEADS_READ), OWNER.value(), NOW, IN_90_DAYS);
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(parentIssued)
                .when(issueKey(Set.of(Permission.LEADS_WRITE)), byKey(parent)),
                IdentityRules.API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(parentIssued)
                .when(issueKey(Set.of(Permission.LEADS_READ)), byKey(parent))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRevokedKeyCannotAct() {
        ApiKeyId parent = new ApiKeyId("key_parent1");
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(new ApiKeyIssued(TENANT, parent, "admin key", "p", "1234", Set.of(Permission.USERS_MANAGE),
                        OWNER.value(), NOW, IN_90_DAYS), new ApiKeyRevoked(TENANT, parent, OWNER.value(), NOW))
                .when(addNewcomer("jane@acme.test", Role.VIEWER, Set.of()), byKey(parent)),
                IdentityRules.ACTOR_MUST_BE_ACTIVE);
    }

    @Test
    void refusesAnApiKeyWithoutScopes() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(issueKey(Set.of()), by(OWNER))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void revokesAKeyOnce() {
        Object issued = new ApiKeyIssued(TENANT, KEY, "CRM sync", "p", "wxyz", Set.of(Permission.LEADS_READ),
                OWNER.value(), NOW, IN_90_DAYS);
        fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(issued)
                .when(new RevokeApiKey(TENANT, KEY), by(ADMIN))
                .expectEvents(new ApiKeyRevoked(TENANT, KEY, ADMIN.value(), NOW));
        verify(credentials).apiKeyRevoked(KEY, NOW);
        expectRule(fixture.given(tenantWithOwnerAdminAndAgent())
                .andGiven(issued, new ApiKeyRevoked(TENANT, KEY, ADMIN.value(), NOW))
                .when(new RevokeApiKey(TENANT, KEY), by(ADMIN)), IdentityRules.API_KEY_ALREADY_REVOKED);
    }

    @Test
    void anUnknownKeyIsAnUnknownResource() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(new RevokeApiKey(TENANT, KEY), by(ADMIN))
                .expectException(UnknownResource.class)
                .expectNoEvents();
        verifyNoInteractions(credentials);
    }

    @Test
    void addsNoCredentialWhenTheCommandIsRefused() {
        fixture.given(tenantWithOwnerAdminAndAgent())
                .when(addNewcomer("jane@acme.test", null, null), by(OWNER))
                .expectException(InvalidCommand.class);
        verify(credentials, org.mockito.Mockito.never()).userAdded(any(), any(), any(), any());
    }
}
