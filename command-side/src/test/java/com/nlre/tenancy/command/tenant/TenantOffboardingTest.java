package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.TestClock;
import com.nlre.tenancy.command.identity.CredentialStore;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.tenant.TenantCommands.CancelTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantSubscription;
import com.nlre.tenancy.command.tenant.TenantCommands.EndRetention;
import com.nlre.tenancy.command.tenant.TenantCommands.EndTenantTerm;
import com.nlre.tenancy.command.tenant.TenantCommands.OffboardTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.SuspendTenant;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.TestPlans;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.mockito.Mockito.mock;

/** Cancellation starts a retention period; its end, or an operator, offboards the tenant once. */
class TenantOffboardingTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant CANCELED = Instant.parse("2026-11-10T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant RETENTION_END = CANCELED.plus(RETENTION);
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final PlanLimits PROFESSIONAL = new PlanLimits(10_000L, 5_000L, 4, 10, 100);

    private final TestClock clock = new TestClock();
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        clock.freezeAt(CANCELED);
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new RetentionPeriod(RETENTION));
        fixture.registerInjectableResource(new PlanCatalog(Map.of(Plan.PROFESSIONAL, PROFESSIONAL)));
        fixture.registerInjectableResource(new CountingQuotas());
        fixture.registerInjectableResource(TestPlans.FEATURES);
        fixture.registerInjectableResource(TestPlans.PRICES);
        fixture.registerInjectableResource(mock(CredentialStore.class));
    }

    private static TenantCreated created() {
        return new TenantCreated(TENANT, "Acme Real Estate Wholesalers", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acmere.com", "+15551234567"), Plan.PROFESSIONAL, PROFESSIONAL,
                TestPlans.PROFESSIONAL_PRICING, null, null, TenantDefaults.CONFIGURATION, null, CREATED);
    }

    private static TenantCanceled canceled() {
        return new TenantCanceled(TENANT, "closed the business", CANCELED, RETENTION_END);
    }

    private Instant at(Instant instant) {
        clock.freezeAt(instant);
        return instant;
    }

    @Test
    void cancellationRecordsWhenTheRetentionPeriodEnds() {
        fixture.given(created())
                .when(new CancelTenant(TENANT, "closed the business"))
                .expectEvents(canceled());
    }

    @Test
    void theEndOfTheRetentionPeriodOffboardsTheCanceledTenant() {
        Instant now = at(RETENTION_END.plusSeconds(3));
        fixture.given(created(), canceled())
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantOffboarded(TENANT, CANCELED, RETENTION_END, now));
    }

    @Test
    void aTenantIsNeverOffboardedBeforeItsRetentionPeriodEnds() {
        at(RETENTION_END.minusMillis(1));
        fixture.given(created(), canceled())
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.NOT_YET_DUE)
                .expectNoEvents();
    }

    @Test
    void aTenantIsOffboardedOnceHoweverOftenItsDeadlineIsDelivered() {
        at(RETENTION_END.plus(Duration.ofDays(1)));
        fixture.given(created(), canceled(), new TenantOffboarded(TENANT, CANCELED, RETENTION_END, RETENTION_END))
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.ALREADY_ENDED)
                .expectNoEvents();
    }

    @Test
    void onlyACanceledTenantIsOffboardedByADeadline() {
        at(RETENTION_END.plus(Duration.ofDays(1)));
        fixture.given(created(), new TenantSuspended(TENANT, "unpaid", CANCELED))
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.STALE)
                .expectNoEvents();
    }

    @Test
    void aCancellationRecordedBeforeRetentionEndsAfterTheConfiguredPeriod() {
        fixture.given(created(), new TenantCanceled(TENANT, "closed", CANCELED))
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.NOT_YET_DUE)
                .expectNoEvents();
        Instant now = at(RETENTION_END);
        fixture.given(created(), new TenantCanceled(TENANT, "closed", CANCELED))
                .when(new EndRetention(TENANT))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantOffboarded(TENANT, CANCELED, RETENTION_END, now));
    }

    @Test
    void anOperatorEndsTheRetentionPeriodEarlyWithAReason() {
        Instant now = at(CANCELED.plus(Duration.ofDays(2)));
        fixture.given(created(), canceled())
                .when(new OffboardTenant(TENANT, "the tenant asked for immediate deletion"))
                .expectEvents(new TenantOffboarded(TENANT, CANCELED, now, now,
                        "the tenant asked for immediate deletion"));
    }

    @Test
    void anOperatorOffboardsOnlyACanceledTenantAndOnlyOnce() {
        expectRule(fixture.given(created())
                .when(new OffboardTenant(TENANT, "asked")), OffboardingRules.ONLY_CANCELED_TENANT_IS_OFFBOARDED);
        expectRule(fixture.given(created(), new TenantSuspended(TENANT, "unpaid", CANCELED))
                .when(new OffboardTenant(TENANT, "asked")), OffboardingRules.ONLY_CANCELED_TENANT_IS_OFFBOARDED);
        expectRule(fixture.given(created(), canceled(), new TenantOffboarded(TENANT, CANCELED, CANCELED, CANCELED, "x"))
                .when(new OffboardTenant(TENANT, "again")), OffboardingRules.TENANT_IS_OFFBOARDED_ONCE);
        fixture.given(created(), canceled())
                .when(new OffboardTenant(TENANT, " "))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void anOffboardedTenantNeverChangesAgain() {
        Object[] history = {created(), canceled(), new TenantOffboarded(TENANT, CANCELED, RETENTION_END, RETENTION_END)};
        expectRule(fixture.given(history).when(new SuspendTenant(TENANT, "x")), TenantRules.CANCELED_TENANT_IS_FINAL);
        expectRule(fixture.given(history).when(new CancelTenant(TENANT, "again")), TenantRules.CANCELED_TENANT_IS_FINAL);
        expectRule(fixture.given(history).when(new ChangeTenantSubscription(TENANT, null, null)),
                TenantRules.CANCELED_TENANT_IS_FINAL);
        fixture.given(history)
                .when(new EndTenantTerm(TENANT, new TermEnd(TermEnd.Kind.TRIAL, CREATED)))
                .expectResultMessagePayload(TermEndOutcome.CANCELED)
                .expectNoEvents();
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
}
