package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.billing.PriceSheet;
import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.command.identity.CredentialStore;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.tenant.ConfigurationPatch.TcpaPatch;
import com.nlre.tenancy.command.tenant.TenantCommands.CancelTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantPlan;
import com.nlre.tenancy.command.tenant.TenantCommands.CreateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ReactivateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.SuspendTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantBranding;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantConfiguration;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.FeatureNotInPlan;
import com.nlre.tenancy.command.usage.TestPlans;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class TenantTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final OwnerContact OWNER = new OwnerContact("John Doe", "John@AcmeRE.com", "+15551234567");
    private static final PlanLimits PROFESSIONAL = new PlanLimits(10_000L, 5_000L, 4, 10, 100);
    private static final PlanLimits STARTER = new PlanLimits(1_000L, 500L, 4, 3, 10);
    private static final PlanCatalog CATALOG = new PlanCatalog(Map.of(Plan.PROFESSIONAL, PROFESSIONAL, Plan.STARTER, STARTER));

    private static final UserId OWNER_ID = new UserId("user_owner1");
    private static final CredentialHash OWNER_PASSWORD = new CredentialHash("$2a$04$hash");

    private FixtureConfiguration<Tenant> fixture;
    private final CountingQuotas quotas = new CountingQuotas();
    private final CredentialStore credentials = mock(CredentialStore.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(CATALOG);
        fixture.registerInjectableResource(new RetentionPeriod(Duration.ofDays(30)));
        fixture.registerInjectableResource(quotas);
        fixture.registerInjectableResource(TestPlans.FEATURES);
        fixture.registerInjectableResource(TestPlans.PRICES);
        fixture.registerInjectableResource(credentials);
    }

    private static CreateTenant create(ConfigurationPatch configuration) {
        return new CreateTenant(TENANT, "Acme Real Estate Wholesalers", BusinessType.WHOLESALE, OWNER,
                Plan.PROFESSIONAL, null, null, null, null, configuration, null, OWNER_ID, OWNER_PASSWORD);
    }

    private static TenantUserAdded ownerAdded() {
        return new TenantUserAdded(TENANT, OWNER_ID, new UserProfile("John Doe", "john@acmere.com"), Role.OWNER,
                Role.OWNER.defaultPermissions(), NOW);
    }

    private static TenantCreated created() {
        return new TenantCreated(TENANT, "Acme Real Estate Wholesalers", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acmere.com", "+15551234567"), Plan.PROFESSIONAL, PROFESSIONAL,
                TestPlans.PROFESSIONAL_PRICING, null, null, TenantDefaults.CONFIGURATION, null, NOW);
    }

    @Test
    void createsAnActiveTenantWithTheCataloguesLimitsAndDefaults() {
        fixture.givenNoPriorActivity()
                .when(create(null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created(), ownerAdded());
        verify(credentials).userAdded(TENANT, OWNER_ID, "john@acmere.com", OWNER_PASSWORD);
    }

    @Test
    void storesNoOwnerCredentialWhenTheTenantIsRefused() {
        fixture.givenNoPriorActivity()
                .when(create(new ConfigurationPatch("Mars/Olympus_Mons", null, null, null, null, null)))
                .expectException(InvalidCommand.class);
        verifyNoInteractions(credentials);
    }

    @Test
    void callWindowFollowsTheTenantsOwnTimeZoneWhenNotSetSeparately() {
        TenantConfiguration defaults = TenantDefaults.CONFIGURATION;
        TenantConfiguration expected = new TenantConfiguration("America/Los_Angeles", "en-US", "MM/DD/YYYY",
                defaults.ai(), defaults.calling(), new TenantConfiguration.TcpaConfig(true, true, LocalTime.of(9, 0),
                LocalTime.of(20, 0), "America/Los_Angeles"));
        TenantCreated base = created();
        fixture.givenNoPriorActivity()
                .when(create(new ConfigurationPatch("America/Los_Angeles", null, null, null, null, null)))
                .expectEvents(new TenantCreated(TENANT, base.businessName(), base.businessType(), base.owner(),
                        base.plan(), base.limits(), base.pricing(), null, null, expected, null, NOW), ownerAdded());
    }

    @Test
    void rejectsATimeZoneThatIsNotIana() {
        fixture.givenNoPriorActivity()
                .when(create(new ConfigurationPatch("Mars/Olympus_Mons", null, null, null, null, null)))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("must be an IANA time zone such as America/Los_Angeles")
                .expectNoEvents();
    }

    @Test
    void rejectsACallWindowThatDoesNotStartBeforeItEnds() {
        fixture.givenNoPriorActivity()
                .when(create(new ConfigurationPatch(null, null, null, null, null,
                        new TcpaPatch(null, null, LocalTime.of(21, 0), LocalTime.of(20, 0), null))))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void rejectsAnOwnerEmailThatIsNotAnAddress() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, "Acme", BusinessType.WHOLESALE,
                        new OwnerContact("John", "not-an-email", "+15551234567"), Plan.FREE, null, null, null, null, null, null,
                        OWNER_ID, OWNER_PASSWORD))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void rejectsAnOwnerPhoneThatIsNotE164() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, "Acme", BusinessType.WHOLESALE,
                        new OwnerContact("John", "john@acme.com", "555-1234"), Plan.FREE, null, null, null, null, null, null,
                        OWNER_ID, OWNER_PASSWORD))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void rejectsCustomLimitsOutsideEnterprise() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, "Acme", BusinessType.WHOLESALE, OWNER, Plan.STARTER,
                        new PlanLimits(1L, 1L, 1, 1, 1), null, null, null, null, null, OWNER_ID, OWNER_PASSWORD))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void changesPlanAndTakesTheNewPlansLimits() {
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.STARTER, null, null))
                .expectEvents(new TenantPlanChanged(TENANT, Plan.PROFESSIONAL, Plan.STARTER, STARTER,
                        TestPlans.STARTER_PRICING, NOW));
    }

    @Test
    void enterpriseTenantsGetNegotiatedLimits() {
        PlanLimits negotiated = new PlanLimits(null, 100_000L, 20, null, 500);
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, negotiated, null))
                .expectEvents(new TenantPlanChanged(TENANT, Plan.PROFESSIONAL, Plan.ENTERPRISE, negotiated,
                        new PlanPricing("USD", 0, List.of()), NOW));
    }

    @Test
    void enterpriseTenantsGetNegotiatedPricesInMinorUnits() {
        PlanLimits negotiated = new PlanLimits(null, 100_000L, 20, null, 500);
        PriceSheet terms = new PriceSheet(new BigDecimal("2499.50"),
                Map.of("calls", new PriceSheet.OverageSheet(new BigDecimal("0.05"), 50_000L)));
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, negotiated, terms))
                .expectEvents(new TenantPlanChanged(TENANT, Plan.PROFESSIONAL, Plan.ENTERPRISE, negotiated,
                        new PlanPricing("USD", 249_950, List.of(new PlanPricing.OverageRate("calls", 5, 50_000))),
                        NOW));
    }

    @Test
    void customPricingIsOnlyForEnterprise() {
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.STARTER, null, new PriceSheet(BigDecimal.ONE, Map.of())))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("custom pricing is only allowed on the enterprise plan")
                .expectNoEvents();
    }

    @Test
    void refusesPricesFinerThanTheCurrencysMinorUnitAndOverageOnUnlimitedCalls() {
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, null,
                        new PriceSheet(new BigDecimal("10.001"), Map.of())))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("must be a USD amount with at most 2 decimals");
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, null, new PriceSheet(BigDecimal.TEN,
                        Map.of("calls", new PriceSheet.OverageSheet(BigDecimal.ONE, 10L)))))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("calls are unlimited on this plan");
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, new PlanLimits(null, 10L, null, null, null),
                        new PriceSheet(BigDecimal.TEN, Map.of("leads", new PriceSheet.OverageSheet(BigDecimal.ONE, 10L)))))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("overage is only sold for calls");
    }

    @Test
    void anEnterpriseTenantsNewPricesAloneAreAPlanChange() {
        PlanLimits negotiated = new PlanLimits(null, 100_000L, 20, null, 500);
        PlanPricing before = new PlanPricing("USD", 100_000, List.of());
        fixture.given(created(), new TenantPlanChanged(TENANT, Plan.PROFESSIONAL, Plan.ENTERPRISE, negotiated, before,
                        NOW))
                .when(new ChangeTenantPlan(TENANT, Plan.ENTERPRISE, negotiated,
                        new PriceSheet(new BigDecimal("900"), Map.of())))
                .expectEvents(new TenantPlanChanged(TENANT, Plan.ENTERPRISE, Plan.ENTERPRISE, negotiated,
                        new PlanPricing("USD", 90_000, List.of()), NOW));
    }

    @Test
    void refusesAPlanChangeThatChangesNothing() {
        fixture.given(created())
                .when(new ChangeTenantPlan(TENANT, Plan.PROFESSIONAL, null, null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void updatesConfigurationByMergingThePatchIntoTheWholeConfiguration() {
        TenantConfiguration expected = new ConfigurationPatch("America/Chicago", null, null, null, null,
                new TcpaPatch(null, false, null, LocalTime.of(19, 0), null)).applyTo(created().configuration());
        fixture.given(created())
                .when(new UpdateTenantConfiguration(TENANT, new ConfigurationPatch("America/Chicago", null, null, null,
                        null, new TcpaPatch(null, false, null, LocalTime.of(19, 0), null))))
                .expectEvents(new TenantConfigurationUpdated(TENANT, expected, NOW));
        assertThat(expected.tcpa().enableDNCCheck()).isFalse();
        assertThat(expected.tcpa().requireWrittenConsent()).isTrue();
    }

    @Test
    void aConfigurationPatchThatChangesNothingRecordsNothing() {
        fixture.given(created())
                .when(new UpdateTenantConfiguration(TENANT, ConfigurationPatch.NONE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void replacesBrandingAfterCheckingColoursAndLogoUrl() {
        Branding branding = new Branding("https://cdn.example.com/logo.png", "#1a73e8", "#34a853", "Inter");
        fixture.given(created())
                .when(new UpdateTenantBranding(TENANT, branding))
                .expectEvents(new TenantBrandingUpdated(TENANT, branding, NOW));
        fixture.given(created())
                .when(new UpdateTenantBranding(TENANT, new Branding("javascript:alert(1)", "red", null, null)))
                .expectException(InvalidCommand.class);
    }

    @Test
    void customBrandingNeedsAPlanThatIncludesIt() {
        fixture.given(created(), new TenantPlanChanged(TENANT, Plan.PROFESSIONAL, Plan.STARTER, STARTER,
                TestPlans.STARTER_PRICING, NOW))
                .when(new UpdateTenantBranding(TENANT, new Branding(null, "#1a73e8", null, null)))
                .expectException(FeatureNotInPlan.class)
                .expectNoEvents();
    }

    @Test
    void suspendsAnActiveTenantWithAReason() {
        fixture.given(created())
                .when(new SuspendTenant(TENANT, "unpaid invoice"))
                .expectEvents(new TenantSuspended(TENANT, "unpaid invoice", NOW));
    }

    @Test
    void suspensionNeedsAReason() {
        fixture.given(created())
                .when(new SuspendTenant(TENANT, " "))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void refusesToSuspendATenantTwice() {
        fixture.given(created(), new TenantSuspended(TENANT, "unpaid", NOW))
                .when(new SuspendTenant(TENANT, "again"))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage("The tenant is already suspended.");
    }

    @Test
    void reactivatesASuspendedTenant() {
        fixture.given(created(), new TenantSuspended(TENANT, "unpaid", NOW))
                .when(new ReactivateTenant(TENANT))
                .expectEvents(new TenantReactivated(TENANT, NOW));
    }

    @Test
    void refusesToReactivateAnActiveTenant() {
        fixture.given(created())
                .when(new ReactivateTenant(TENANT))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cancelsASuspendedTenant() {
        fixture.given(created(), new TenantSuspended(TENANT, "unpaid", NOW))
                .when(new CancelTenant(TENANT, "customer left"))
                .expectEvents(new TenantCanceled(TENANT, "customer left", NOW, NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void aCanceledTenantCannotBeReactivatedOrChanged() {
        Object[] history = {created(), new TenantCanceled(TENANT, "customer left", NOW)};
        fixture.given(history).when(new ReactivateTenant(TENANT))
                .expectException(BusinessRuleViolation.class).expectExceptionMessage("The tenant is canceled; it can no longer change.");
        fixture.given(history).when(new ChangeTenantPlan(TENANT, Plan.STARTER, null, null))
                .expectException(BusinessRuleViolation.class);
        fixture.given(history).when(new UpdateTenantConfiguration(TENANT, ConfigurationPatch.NONE))
                .expectException(BusinessRuleViolation.class);
        fixture.given(history).when(new SuspendTenant(TENANT, "x"))
                .expectException(BusinessRuleViolation.class);
        fixture.given(history).when(new CancelTenant(TENANT, "again"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }
}
