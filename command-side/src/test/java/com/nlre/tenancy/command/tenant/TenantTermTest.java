package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.TestClock;
import com.nlre.tenancy.command.identity.CredentialStore;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.tenant.TenantCommands.CancelTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantSubscription;
import com.nlre.tenancy.command.tenant.TenantCommands.EndTenantTerm;
import com.nlre.tenancy.command.tenant.TenantCommands.ReactivateTenant;
import com.nlre.tenancy.command.tenant.TermEnd.Kind;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.TestPlans;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Trials and subscriptions: when they end, what the tenant's status becomes, and how operators renew them. */
class TenantTermTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant TRIAL_END = Instant.parse("2026-11-15T00:00:00Z");
    private static final Instant SUBSCRIPTION_END = Instant.parse("2026-12-15T00:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final PlanLimits PROFESSIONAL = new PlanLimits(10_000L, 5_000L, 4, 10, 100);

    private final TestClock clock = new TestClock();
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        clock.freezeAt(CREATED);
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new PlanCatalog(Map.of(Plan.PROFESSIONAL, PROFESSIONAL)));
        fixture.registerInjectableResource(new CountingQuotas());
        fixture.registerInjectableResource(TestPlans.FEATURES);
        fixture.registerInjectableResource(TestPlans.PRICES);
        fixture.registerInjectableResource(mock(CredentialStore.class));
        fixture.registerInjectableResource(new RetentionPeriod(Duration.ofDays(30)));
    }

    private static TenantCreated created(Instant trialEndsAt, Instant subscriptionEndsAt) {
        return new TenantCreated(TENANT, "Acme Real Estate Wholesalers", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acmere.com", "+15551234567"), Plan.PROFESSIONAL, PROFESSIONAL,
                TestPlans.PROFESSIONAL_PRICING, trialEndsAt, subscriptionEndsAt, TenantDefaults.CONFIGURATION, null, CREATED);
    }

    private static EndTenantTerm end(Kind kind, Instant at) {
        return new EndTenantTerm(TENANT, new TermEnd(kind, at));
    }

    private Instant at(Instant instant) {
        clock.freezeAt(instant);
        return instant;
    }

    private static String trialReason() {
        return new TermEnd(Kind.TRIAL, TRIAL_END).suspensionReason();
    }

    @Test
    void aPaidSubscriptionRunningPastTheTrialIsTheEndThatCounts() {
        assertThat(TermEnd.of(TRIAL_END, SUBSCRIPTION_END)).contains(new TermEnd(Kind.SUBSCRIPTION, SUBSCRIPTION_END));
        assertThat(TermEnd.of(TRIAL_END, null)).contains(new TermEnd(Kind.TRIAL, TRIAL_END));
        assertThat(TermEnd.of(TRIAL_END, TRIAL_END)).as("no subscription past the trial")
                .contains(new TermEnd(Kind.TRIAL, TRIAL_END));
        assertThat(TermEnd.of(null, SUBSCRIPTION_END)).contains(new TermEnd(Kind.SUBSCRIPTION, SUBSCRIPTION_END));
        assertThat(TermEnd.of(null, null)).as("billed by contract: no end").isEqualTo(Optional.empty());
    }

    @Test
    void aTrialWithoutSubscriptionEndsOnTimeAndSuspendsTheTenantWithAReason() {
        Instant now = at(TRIAL_END.plusSeconds(5));
        fixture.given(created(TRIAL_END, null))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantTrialEnded(TENANT, TRIAL_END, now), new TenantSuspended(TENANT, trialReason(), now));
        assertThat(trialReason()).contains("trial ended at 2026-11-15T00:00:00Z");
    }

    @Test
    void anEndGivenBeyondTheMicrosecondIsTheEndItsDeadlineIsStoredWith() {
        Instant precise = TRIAL_END.plusNanos(123_456_789);
        Instant stored = TRIAL_END.plusNanos(123_456_000);
        Instant now = at(precise);
        fixture.given(created(precise, null))
                .when(end(Kind.TRIAL, stored))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantTrialEnded(TENANT, stored, now), new TenantSuspended(TENANT,
                        new TermEnd(Kind.TRIAL, stored).suspensionReason(), now));
    }

    @Test
    void aLapsedSubscriptionSuspendsTheTenant() {
        Instant now = at(SUBSCRIPTION_END);
        fixture.given(created(TRIAL_END, SUBSCRIPTION_END))
                .when(end(Kind.SUBSCRIPTION, SUBSCRIPTION_END))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantSubscriptionLapsed(TENANT, SUBSCRIPTION_END, now), new TenantSuspended(TENANT,
                        new TermEnd(Kind.SUBSCRIPTION, SUBSCRIPTION_END).suspensionReason(), now));
    }

    @Test
    void anEndMissedWhileTheServiceWasDownTakesEffectLateWithBothInstants() {
        Instant later = at(TRIAL_END.plus(Duration.ofDays(3)));
        fixture.given(created(TRIAL_END, null))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectEvents(new TenantTrialEnded(TENANT, TRIAL_END, later),
                        new TenantSuspended(TENANT, trialReason(), later));
    }

    @Test
    void anEndNeverTakesEffectBeforeItsTime() {
        at(TRIAL_END.minusMillis(1));
        fixture.given(created(TRIAL_END, null))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.NOT_YET_DUE)
                .expectNoEvents();
    }

    @Test
    void theTrialEndIsIgnoredWhenAPaidSubscriptionRunsPastIt() {
        at(TRIAL_END.plusSeconds(1));
        fixture.given(created(TRIAL_END, SUBSCRIPTION_END))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.STALE)
                .expectNoEvents();
    }

    @Test
    void aStaleDeadlineWhoseDateWasChangedIsIgnored() {
        Instant extended = TRIAL_END.plus(Duration.ofDays(7));
        at(TRIAL_END.plusSeconds(1));
        fixture.given(created(TRIAL_END, null), new TenantSubscriptionChanged(TENANT, extended, null, CREATED))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.STALE)
                .expectNoEvents();
    }

    @Test
    void anEndDeliveredTwiceTakesEffectOnce() {
        Instant now = at(TRIAL_END);
        fixture.given(created(TRIAL_END, null), new TenantTrialEnded(TENANT, TRIAL_END, now),
                        new TenantSuspended(TENANT, trialReason(), now))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.ALREADY_ENDED)
                .expectNoEvents();
    }

    @Test
    void aCanceledTenantsDatesNoLongerMatter() {
        at(TRIAL_END);
        fixture.given(created(TRIAL_END, null), new TenantCanceled(TENANT, "closed the business", CREATED))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.CANCELED)
                .expectNoEvents();
    }

    @Test
    void theEndOfAnOperatorSuspendedTenantIsRecordedWithoutASecondSuspension() {
        Instant now = at(TRIAL_END);
        fixture.given(created(TRIAL_END, null), new TenantSuspended(TENANT, "chargeback", CREATED))
                .when(end(Kind.TRIAL, TRIAL_END))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantTrialEnded(TENANT, TRIAL_END, now));
    }

    @Test
    void newDatesAheadRenewATenantSuspendedByItsEndAndReactivateIt() {
        Instant now = at(TRIAL_END.plus(Duration.ofDays(2)));
        fixture.given(created(TRIAL_END, null), new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END),
                        new TenantSuspended(TENANT, trialReason(), TRIAL_END))
                .when(new ChangeTenantSubscription(TENANT, TRIAL_END, SUBSCRIPTION_END))
                .expectEvents(new TenantSubscriptionChanged(TENANT, TRIAL_END, SUBSCRIPTION_END, now),
                        new TenantReactivated(TENANT, now));
    }

    @Test
    void renewalLeavesAnOperatorsEarlierSuspensionInPlaceWhichTheOperatorThenLifts() {
        Instant now = at(TRIAL_END.plus(Duration.ofDays(2)));
        Instant extended = now.plus(Duration.ofDays(14));
        fixture.given(created(TRIAL_END, null), new TenantSuspended(TENANT, "chargeback", CREATED),
                        new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END))
                .when(new ChangeTenantSubscription(TENANT, extended, null))
                .expectEvents(new TenantSubscriptionChanged(TENANT, extended, null, now));

        fixture.given(created(TRIAL_END, null), new TenantSuspended(TENANT, "chargeback", CREATED),
                        new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END),
                        new TenantSubscriptionChanged(TENANT, extended, null, now))
                .when(new ReactivateTenant(TENANT))
                .expectEvents(new TenantReactivated(TENANT, now));
    }

    @Test
    void aTenantWhoseTermEndedIsRenewedNotReactivated() {
        at(TRIAL_END.plus(Duration.ofDays(2)));
        expectRule(fixture.given(created(TRIAL_END, null), new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END),
                        new TenantSuspended(TENANT, trialReason(), TRIAL_END))
                .when(new ReactivateTenant(TENANT)), SubscriptionRules.ENDED_TERM_IS_RENEWED_NOT_REACTIVATED);
    }

    @Test
    void datesThatAreStillPastDoNotRenew() {
        Instant now = at(TRIAL_END.plus(Duration.ofDays(2)));
        Instant stillPast = TRIAL_END.plus(Duration.ofDays(1));
        fixture.given(created(TRIAL_END, null), new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END),
                        new TenantSuspended(TENANT, trialReason(), TRIAL_END))
                .when(new ChangeTenantSubscription(TENANT, stillPast, null))
                .expectEvents(new TenantSubscriptionChanged(TENANT, stillPast, null, now));
    }

    @Test
    void aNewEndThatHasAlreadyPassedTakesEffectAtOnce() {
        Instant now = at(TRIAL_END);
        Instant yesterday = now.minus(Duration.ofDays(1));
        fixture.given(created(null, null))
                .when(new ChangeTenantSubscription(TENANT, null, yesterday))
                .expectEvents(new TenantSubscriptionChanged(TENANT, null, yesterday, now),
                        new TenantSubscriptionLapsed(TENANT, yesterday, now), new TenantSuspended(TENANT,
                                new TermEnd(Kind.SUBSCRIPTION, yesterday).suspensionReason(), now));
    }

    @Test
    void theRenewedEndTakesEffectInItsTurn() {
        Instant now = at(SUBSCRIPTION_END);
        fixture.given(created(TRIAL_END, null), new TenantTrialEnded(TENANT, TRIAL_END, TRIAL_END),
                        new TenantSuspended(TENANT, trialReason(), TRIAL_END),
                        new TenantSubscriptionChanged(TENANT, TRIAL_END, SUBSCRIPTION_END, TRIAL_END.plusSeconds(60)),
                        new TenantReactivated(TENANT, TRIAL_END.plusSeconds(60)))
                .when(end(Kind.SUBSCRIPTION, SUBSCRIPTION_END))
                .expectResultMessagePayload(TermEndOutcome.ENDED)
                .expectEvents(new TenantSubscriptionLapsed(TENANT, SUBSCRIPTION_END, now), new TenantSuspended(TENANT,
                        new TermEnd(Kind.SUBSCRIPTION, SUBSCRIPTION_END).suspensionReason(), now));
    }

    @Test
    void sendingTheCurrentDatesAgainChangesNothing() {
        fixture.given(created(TRIAL_END, SUBSCRIPTION_END))
                .when(new ChangeTenantSubscription(TENANT, TRIAL_END, SUBSCRIPTION_END))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theTrialMustNotEndAfterTheSubscription() {
        fixture.given(created(TRIAL_END, null))
                .when(new ChangeTenantSubscription(TENANT, SUBSCRIPTION_END, TRIAL_END))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void aCanceledTenantsDatesCannotChange() {
        expectRule(fixture.given(created(TRIAL_END, null), new TenantCanceled(TENANT, "closed", CREATED))
                .when(new ChangeTenantSubscription(TENANT, SUBSCRIPTION_END, null)), TenantRules.CANCELED_TENANT_IS_FINAL);
    }

    @Test
    void aCanceledTenantStaysCanceledWhenItsTrialWouldHaveEnded() {
        fixture.given(created(TRIAL_END, null))
                .when(new CancelTenant(TENANT, "closed the business"))
                .expectEvents(new TenantCanceled(TENANT, "closed the business", CREATED, CREATED.plus(Duration.ofDays(30))));
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
