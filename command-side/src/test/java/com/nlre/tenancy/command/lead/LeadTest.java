package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.lead.LeadCommands.AddLead;
import com.nlre.tenancy.command.lead.LeadCommands.ChangeLeadStatus;
import com.nlre.tenancy.command.lead.LeadCommands.DeleteLead;
import com.nlre.tenancy.command.lead.LeadCommands.LogCall;
import com.nlre.tenancy.command.lead.LeadCommands.RecordConsent;
import com.nlre.tenancy.command.lead.LeadCommands.RevokeConsent;
import com.nlre.tenancy.command.lead.LeadCommands.TagLead;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.QuotaExceeded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;


class LeadTest {

    /** After every call instant the tests log, so none of them starts in the future. */
    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final LeadId LEAD = new LeadId("crm-4711");
    private static final String PHONE = "+15551234567";
    private static final LeadContact CONTACT = new LeadContact("Mary Seller", List.of(PHONE), "mary@example.com",
            new LeadContact.PropertyAddress("1 Main St", "Springfield", "IL", "62701"));
    private static final ConsentEvidence EVIDENCE = new ConsentEvidence(Instant.parse("2026-11-01T10:00:00Z"),
            "web_form", "v3", "https://acme.example/consent", "203.0.113.7");

    private FixtureConfiguration<Lead> fixture;
    private final CountingQuotas quotas = new CountingQuotas();
    private FakeCompliance compliance;

    /** TCPA settings and do-not-call lists as a test controls them; defaults match the platform's defaults. */
    static final class FakeCompliance implements CallComplianceContext {
        boolean requireWrittenConsent = true;
        boolean enableDncCheck = true;
        boolean recordingAllowed = false;
        ZoneId windowZone = ZoneId.of("America/New_York");
        final Set<String> tenantDnc = new HashSet<>();
        final Set<String> platformDnc = new HashSet<>();

        @Override
        public TcpaSettings settingsOf(TenantId tenantId) {
            return new TcpaSettings(requireWrittenConsent, enableDncCheck, LocalTime.of(9, 0), LocalTime.of(20, 0),
                    windowZone, 1800, recordingAllowed);
        }

        @Override
        public boolean onTenantDoNotCallList(TenantId tenantId, String e164) {
            return tenantDnc.contains(e164);
        }

        @Override
        public boolean onPlatformDoNotCallList(String e164) {
            return platformDnc.contains(e164);
        }
    }

    @BeforeEach
    void setUp() {
        compliance = new FakeCompliance();
        fixture = new AggregateTestFixture<>(Lead.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(compliance);
        fixture.registerInjectableResource(quotas);
    }

    private static LeadAdded added(String timezone) {
        return new LeadAdded(TENANT, LEAD, CONTACT, timezone, "driving_for_dollars", Set.of(), NOW);
    }

    private static ConsentRecorded consented() {
        return new ConsentRecorded(TENANT, LEAD, PHONE, EVIDENCE, NOW);
    }

    private static LogCall callAt(String instant) {
        return new LogCall(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01", Instant.parse(instant),
                120, CallOutcome.CONNECTED, null, false, false, null);
    }

    private static CallBlocked blocked(String instant, String rule, String reason) {
        return new CallBlocked(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01",
                Instant.parse(instant), rule, reason, NOW);
    }

    private static CallLogged logged(String instant) {
        return new CallLogged(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01",
                Instant.parse(instant), 120, CallOutcome.CONNECTED, null, false, false, NOW);
    }

    /** Matches a refused call's decision or its CallBlocked evidence by the rule that refused it. */
    private static Matcher<Object> ruleIs(String rule) {
        return new CustomMatcher<>("refused by " + rule) {
            @Override
            public boolean matches(Object item) {
                return item instanceof CallDecision decision && !decision.allowed() && rule.equals(decision.rule())
                        || item instanceof CallBlocked evidence && rule.equals(evidence.rule());
            }
        };
    }

    @Test
    void addsALeadWithNormalisedNumbers() {
        LeadContact written = new LeadContact("Mary Seller", List.of("(555) 123-4567", "+1 555 123 4567"),
                "Mary@Example.com", CONTACT.propertyAddress());
        fixture.givenNoPriorActivity()
                .when(new AddLead(TENANT, LEAD, written, null, "driving_for_dollars", null))
                .expectEvents(new LeadAdded(TENANT, LEAD, new LeadContact("Mary Seller", List.of(PHONE),
                        "mary@example.com", CONTACT.propertyAddress()), null, "driving_for_dollars", Set.of(), NOW));
    }

    @Test
    void refusesALeadBeyondThePlansLeadLimitAndStoresNothing() {
        quotas.limit(Meter.LEADS, 0);
        fixture.givenNoPriorActivity()
                .when(new AddLead(TENANT, LEAD, CONTACT, null, null, null))
                .expectException(QuotaExceeded.class).expectNoEvents();
    }

    @Test
    void deletingALeadGivesItsSlotBack() {
        fixture.given(added(null))
                .when(new DeleteLead(TENANT, LEAD))
                .expectEvents(new LeadDeleted(TENANT, LEAD, NOW));
        assertThat(quotas.used(Meter.LEADS)).isZero();
    }

    @Test
    void onlyALoggedCallUsesCallQuota() {
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T01:01:00Z"))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.OUTSIDE_CALLING_WINDOW));
        assertThat(quotas.used(Meter.CALLS)).isZero();
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T00:59:00Z"))
                .expectEvents(logged("2026-11-28T00:59:00Z"));
        assertThat(quotas.used(Meter.CALLS)).isEqualTo(1);
    }

    private static LogCall recordedCall(String callId, Long recordingBytes) {
        return new LogCall(TENANT, LEAD, callId, CallDirection.OUTBOUND, PHONE, "sally-bot",
                Instant.parse("2026-11-27T15:00:00Z"), 120, CallOutcome.CONNECTED, null, true, false, recordingBytes);
    }

    private static CallLogged recordedLogged(String callId, long recordingBytes) {
        return new CallLogged(TENANT, LEAD, callId, CallDirection.OUTBOUND, PHONE, "sally-bot",
                Instant.parse("2026-11-27T15:00:00Z"), 120, CallOutcome.CONNECTED, null, true, false, NOW,
                recordingBytes);
    }

    @Test
    void aRecordedCallTakesTheBytesOfItsRecordingFromStorage() {
        compliance.recordingAllowed = true;
        fixture.given(added(null), consented())
                .when(recordedCall("call-1", 480_000L))
                .expectEvents(recordedLogged("call-1", 480_000));
        assertThat(quotas.used(Meter.STORAGE)).isEqualTo(480_000);
        assertThat(quotas.used(Meter.CALLS)).isEqualTo(1);
    }

    @Test
    void refusesARecordingBeyondThePlansStorageAndStoresNothing() {
        compliance.recordingAllowed = true;
        quotas.limit(Meter.STORAGE, 480_000);
        fixture.given(added(null), consented())
                .when(recordedCall("call-1", 480_001L))
                .expectException(QuotaExceeded.class)
                .expectNoEvents();
        assertThat(quotas.used(Meter.STORAGE)).isZero();
    }

    @Test
    void deletingALeadGivesTheBytesOfAllItsRecordingsBack() {
        quotas.reserve(TENANT, Meter.STORAGE, 500_000, NOW);
        quotas.reserve(TENANT, Meter.STORAGE, 7, NOW);
        fixture.given(added(null), consented(), recordedLogged("call-1", 480_000), logged("2026-11-27T16:00:00Z"),
                        recordedLogged("call-2", 20_000))
                .when(new DeleteLead(TENANT, LEAD))
                .expectEvents(new LeadDeleted(TENANT, LEAD, NOW, 500_000));
        assertThat(quotas.used(Meter.STORAGE)).isEqualTo(7);
    }

    @Test
    void aRecordedCallStatesTheSizeOfItsRecordingAndOnlyARecordedOne() {
        compliance.recordingAllowed = true;
        for (Long invalid : new Long[]{null, 0L, -1L, LeadRules.MAX_RECORDING_BYTES + 1}) {
            fixture.given(added(null), consented())
                    .when(recordedCall("call-1", invalid))
                    .expectException(InvalidCommand.class)
                    .expectNoEvents();
        }
        fixture.given(added(null), consented())
                .when(new LogCall(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01",
                        Instant.parse("2026-11-27T15:00:00Z"), 120, CallOutcome.CONNECTED, null, false, false, 10L))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
        fixture.given(added(null), consented())
                .when(recordedCall("call-1", LeadRules.MAX_RECORDING_BYTES))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void leadIdsThatNameAReadRouteAreReserved() {
        fixture.givenNoPriorActivity()
                .when(new AddLead(TENANT, new LeadId("pipeline"), CONTACT, null, null, null))
                .expectException(InvalidCommand.class).expectNoEvents();
    }

    @Test
    void aCallIdIsRecordedOnlyOncePerLead() {
        fixture.given(added(null), consented(), logged("2026-11-27T15:00:00Z"))
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void rejectsALeadWithoutANumber() {
        fixture.givenNoPriorActivity()
                .when(new AddLead(TENANT, LEAD, new LeadContact("Mary", List.of(), null, null), null, null, null))
                .expectException(InvalidCommand.class).expectNoEvents();
    }

    @Test
    void movesAlongThePipelineOnlyByAllowedTransitions() {
        fixture.given(added(null))
                .when(new ChangeLeadStatus(TENANT, LEAD, LeadStatus.CONTACTED))
                .expectEvents(new LeadStatusChanged(TENANT, LEAD, LeadStatus.NEW, LeadStatus.CONTACTED, NOW));
        fixture.given(added(null))
                .when(new ChangeLeadStatus(TENANT, LEAD, LeadStatus.CLOSED_WON))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void aDeletedLeadCannotChangeOrBeCalled() {
        fixture.given(added(null), consented(), new LeadDeleted(TENANT, LEAD, NOW))
                .when(new TagLead(TENANT, LEAD, "hot"))
                .expectException(BusinessRuleViolation.class);
        fixture.given(added(null), consented(), new LeadDeleted(TENANT, LEAD, NOW))
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void tagsAreIdempotent() {
        fixture.given(added(null), new LeadTagged(TENANT, LEAD, "hot", NOW))
                .when(new TagLead(TENANT, LEAD, "hot"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void recordsAndRevokesConsentForOneOfTheLeadsNumbers() {
        fixture.given(added(null))
                .when(new RecordConsent(TENANT, LEAD, "(555) 123-4567", EVIDENCE))
                .expectEvents(consented());
        fixture.given(added(null), consented())
                .when(new RevokeConsent(TENANT, LEAD, PHONE))
                .expectEvents(new ConsentRevoked(TENANT, LEAD, PHONE, NOW));
        fixture.given(added(null))
                .when(new RecordConsent(TENANT, LEAD, "+15559999999", EVIDENCE))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void allowsACallAt1959LocalTimeAgainstAWindowEndingAt2000() {
        // 2026-11-27 is EST (UTC-5): 00:59Z next day = 19:59 local
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T00:59:00Z"))
                .expectResultMessagePayload(CallDecision.logged("call-1"))
                .expectEvents(logged("2026-11-28T00:59:00Z"));
    }

    @Test
    void refusesACallAt2001LocalTimeAndKeepsTheEvidence() {
        String reason = "Calls are allowed from 09:00 to 20:00 in America/New_York; it is 20:01 there.";
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T01:01:00Z"))
                .expectResultMessagePayload(new CallDecision("call-1", false, TcpaRules.OUTSIDE_CALLING_WINDOW, reason))
                .expectEvents(blocked("2026-11-28T01:01:00Z", TcpaRules.OUTSIDE_CALLING_WINDOW, reason));
    }

    @Test
    void evaluatesTheWindowInWallClockTimeOnTheDaylightSavingDay() {
        // 2026-03-08: New York springs forward at 02:00 (UTC-5 → UTC-4). 13:00Z is 09:00 EDT, inside the window;
        // the same 13:00Z on the day before was 08:00 EST, outside it.
        fixture.given(added(null), consented())
                .when(callAt("2026-03-08T13:00:00Z"))
                .expectEvents(logged("2026-03-08T13:00:00Z"));
        fixture.given(added(null), consented())
                .when(callAt("2026-03-07T13:00:00Z"))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                ruleIs(TcpaRules.OUTSIDE_CALLING_WINDOW)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void usesTheLeadsOwnZoneWhenItDiffersFromTheTenants() {
        // 01:30Z is 20:30 in New York (tenant window zone) but 17:30 in Los Angeles, where the lead lives
        fixture.given(added("America/Los_Angeles"), consented())
                .when(callAt("2026-11-28T01:30:00Z"))
                .expectEvents(logged("2026-11-28T01:30:00Z"));
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T01:30:00Z"))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.OUTSIDE_CALLING_WINDOW));
    }

    @Test
    void refusesANumberOnTheTenantsDoNotCallList() {
        compliance.tenantDnc.add(PHONE);
        fixture.given(added(null), consented())
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.NUMBER_ON_TENANT_DNC_LIST));
    }

    @Test
    void refusesANumberOnThePlatformDoNotCallList() {
        compliance.platformDnc.add(PHONE);
        fixture.given(added(null), consented())
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.NUMBER_ON_PLATFORM_DNC_LIST));
    }

    @Test
    void doNotCallListsAreIgnoredOnlyWhenTheTenantTurnedTheCheckOff() {
        compliance.platformDnc.add(PHONE);
        compliance.enableDncCheck = false;
        fixture.given(added(null), consented())
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectEvents(logged("2026-11-27T15:00:00Z"));
    }

    @Test
    void refusesACallAfterConsentWasRevoked() {
        fixture.given(added(null), consented(), new ConsentRevoked(TENANT, LEAD, PHONE, NOW))
                .when(callAt("2026-11-27T15:00:00Z"))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.WRITTEN_CONSENT_REQUIRED));
    }

    @Test
    void refusesACallLongerThanTheTenantAllowsAndRecordingWhereItIsNotAllowed() {
        fixture.given(added(null), consented())
                .when(new LogCall(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01",
                        Instant.parse("2026-11-27T15:00:00Z"), 1801, CallOutcome.CONNECTED, null, false, false, null))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.CALL_LONGER_THAN_ALLOWED));
        fixture.given(added(null), consented())
                .when(new LogCall(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent01",
                        Instant.parse("2026-11-27T15:00:00Z"), 60, CallOutcome.CONNECTED, null, true, false, 480_000L))
                .expectResultMessagePayloadMatching(ruleIs(TcpaRules.RECORDING_NOT_ALLOWED));
    }

    @Test
    void refusesACallThatStartsInTheFutureAsInvalidInput() {
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T03:06:00Z"))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
        fixture.given(added(null), consented())
                .when(callAt("2026-11-28T03:04:00Z"))
                .expectSuccessfulHandlerExecution();
    }
}
