package com.nlre.tenancy.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyCatalogedEventIsAPastTenseRecordWithARevision() {
        for (Class<? extends TenantEvent> type : EventCatalog.all()) {
            assertThat(type.isRecord()).as(type + " is a record").isTrue();
            assertThat(type.getAnnotation(Revision.class)).as(type + " has @Revision").isNotNull();
            assertThat(EventCatalog.typeOf(EventCatalog.wireName(type))).contains(type);
        }
    }

    @Test
    void eventsRoundTripThroughJsonWithTheirWireNames() throws Exception {
        TenantCreated created = new TenantCreated(new TenantId("tenant_abc123"), "Acme", BusinessType.FIX_FLIP,
                new OwnerContact("John Doe", "john@acme.test", "+15551234567"), Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100),
                new PlanPricing("USD", 29_900, List.of(new PlanPricing.OverageRate("calls", 20, 5_000))),
                null, Instant.parse("2026-11-10T00:00:00Z"),
                new TenantConfiguration("America/Los_Angeles", "en-US", "MM/DD/YYYY",
                        new TenantConfiguration.AiConfig("model", new BigDecimal("0.7"), true),
                        new TenantConfiguration.CallingConfig("+15559876543", 1800, true, false),
                        new TenantConfiguration.TcpaConfig(true, true, LocalTime.of(9, 0), LocalTime.of(20, 0),
                                "America/Los_Angeles")),
                new Branding(null, "#1a73e8", "#34a853", "Inter"), Instant.parse("2026-11-01T12:00:00Z"));

        String text = json.writeValueAsString(created);

        assertThat(text).contains("\"tenantId\":\"tenant_abc123\"", "\"plan\":\"professional\"",
                "\"businessType\":\"fix_flip\"");
        assertThat(json.readValue(text, TenantCreated.class)).isEqualTo(created);
    }

    @Test
    void callsAndDeletionsPublishedBeforeRecordingsWereMeteredReadAsZeroBytes() throws Exception {
        CallLogged call = json.readValue("""
                {"tenantId":"tenant_abc123","leadId":"crm-1","callId":"call-1","direction":"outbound",
                 "phone":"+15551234567","agentId":"user_abc123","startedAt":"2026-11-10T15:00:00Z",
                 "durationSeconds":60,"outcome":"connected","notes":null,"recorded":true,"transcribed":false,
                 "loggedAt":"2026-11-10T15:01:00Z"}""", CallLogged.class);
        LeadDeleted deleted = json.readValue("""
                {"tenantId":"tenant_abc123","leadId":"crm-1","deletedAt":"2026-11-10T15:02:00Z"}""",
                LeadDeleted.class);

        assertThat(call.recordingBytes()).isZero();
        assertThat(call.recorded()).isTrue();
        assertThat(deleted.recordingBytes()).isZero();
        CallLogged metered = new CallLogged(call.tenantId(), call.leadId(), call.callId(), call.direction(),
                call.phone(), call.agentId(), call.startedAt(), 60, call.outcome(), null, true, false, call.loggedAt(),
                4_800_000);
        assertThat(json.readValue(json.writeValueAsString(metered), CallLogged.class)).isEqualTo(metered);
        assertThat(json.writeValueAsString(metered)).contains("\"recordingBytes\":4800000");
    }

    @Test
    void cancellationsPublishedBeforeRetentionWasRecordedReadWithoutARetentionEnd() throws Exception {
        TenantCanceled old = json.readValue("""
                {"tenantId":"tenant_abc123","reason":"closed","canceledAt":"2026-11-10T15:00:00Z"}""",
                TenantCanceled.class);
        TenantOffboarded offboarded = json.readValue("""
                {"tenantId":"tenant_abc123","canceledAt":"2026-11-10T15:00:00Z",
                 "retentionEndedAt":"2026-12-10T15:00:00Z","offboardedAt":"2026-12-10T15:00:30Z"}""",
                TenantOffboarded.class);

        assertThat(old.retentionEndsAt()).isNull();
        assertThat(old).isEqualTo(new TenantCanceled(old.tenantId(), "closed", old.canceledAt()));
        assertThat(offboarded.earlyReason()).as("the retention period ran its course").isNull();
        TenantCanceled recorded = new TenantCanceled(old.tenantId(), "closed", old.canceledAt(),
                Instant.parse("2026-12-10T15:00:00Z"));
        assertThat(json.writeValueAsString(recorded)).contains("\"retentionEndsAt\"");
        assertThat(json.readValue(json.writeValueAsString(recorded), TenantCanceled.class)).isEqualTo(recorded);
    }

    @Test
    void agentIdsAreUniqueWithinATenantAndNeverLookLikeUserIds() throws Exception {
        assertThat(AgentId.isValid("seller-qualifier")).isTrue();
        assertThat(AgentId.isValid(AgentId.generate().value())).isTrue();
        for (String bad : new String[]{"user_abcdef123456", "a.b", "", "x".repeat(65), "a/b"}) {
            assertThat(AgentId.isValid(bad)).as(bad).isFalse();
        }
        AiAgentRegistered registered = new AiAgentRegistered(new TenantId("tenant_abc123"),
                new AgentId("seller-qualifier"), "Sally", "Qualify inbound sellers", null, "en-US",
                Instant.parse("2026-11-10T15:00:00Z"));
        String text = json.writeValueAsString(registered);
        assertThat(text).contains("\"agentId\":\"seller-qualifier\"");
        assertThat(json.readValue(text, AiAgentRegistered.class)).isEqualTo(registered);
    }

    @Test
    void generatedTenantIdsAreReadableAndDistinct() {
        Set<TenantId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            TenantId id = TenantId.generate();
            assertThat(TenantId.isValid(id.value())).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void rejectsTenantIdsThatCouldEscapeAPathOrQuery() {
        for (String bad : new String[]{"tenant_../x", "tenant_ABC", "x", "tenant_a.*", "tenant_{\"$gt\":\"\"}"}) {
            assertThatThrownBy(() -> new TenantId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
