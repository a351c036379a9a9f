package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.identity.IdentityCommands.ForgetTenantUser;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.tenant.Tenant;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.TestPlans;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.mockito.Mockito.mock;

class TenantUserForgettingTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final UserId OWNER = new UserId("user_owner1");
    private static final UserId AGENT = new UserId("user_agent1");

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(mock(CredentialStore.class));
        fixture.registerInjectableResource(new CountingQuotas());
        fixture.registerInjectableResource(TestPlans.FEATURES);
    }

    private static Object[] tenantWithOwnerAndAgent() {
        return new Object[]{new TenantCreated(TENANT, "Acme", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acme.test", "+15551234567"), Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestPlans.PROFESSIONAL_PRICING, null, null, null, null,
                NOW),
                new TenantUserAdded(TENANT, OWNER, new UserProfile("John Doe", "john@acme.test"), Role.OWNER,
                        Role.OWNER.defaultPermissions(), NOW),
                new TenantUserAdded(TENANT, AGENT, new UserProfile("Max Agent", "max@acme.test"), Role.AGENT,
                        Role.AGENT.defaultPermissions(), NOW)};
    }

    private static DataSubjectForgotten agentForgotten() {
        return new DataSubjectForgotten(TENANT, "user", AGENT.value(), "left the company", NOW);
    }

    @Test
    void aRemovedUserIsForgotten() {
        fixture.given(tenantWithOwnerAndAgent())
                .andGiven(new TenantUserRemoved(TENANT, AGENT, NOW))
                .when(new ForgetTenantUser(TENANT, AGENT, "left the company"))
                .expectEvents(agentForgotten());
    }

    @Test
    void aMemberMustBeRemovedBeforeItIsForgotten() {
        fixture.given(tenantWithOwnerAndAgent())
                .when(new ForgetTenantUser(TENANT, AGENT, null))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage("Only a removed user can be forgotten: remove the user first.")
                .expectNoEvents();
    }

    @Test
    void theLastOwnerIsNeverRemovedSoNeverForgotten() {
        fixture.given(tenantWithOwnerAndAgent())
                .when(new ForgetTenantUser(TENANT, OWNER, null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aUserTheTenantNeverHadIsUnknown() {
        fixture.given(tenantWithOwnerAndAgent())
                .when(new ForgetTenantUser(TENANT, new UserId("user_stranger1"), null))
                .expectException(UnknownResource.class);
    }

    @Test
    void forgettingAForgottenUserChangesNothing() {
        fixture.given(tenantWithOwnerAndAgent())
                .andGiven(new TenantUserRemoved(TENANT, AGENT, NOW), agentForgotten())
                .when(new ForgetTenantUser(TENANT, AGENT, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
