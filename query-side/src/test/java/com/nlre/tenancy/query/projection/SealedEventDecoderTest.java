package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.PersonalDataModule;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.gdpr.SubjectKeysUnavailable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoder opens sealed payloads with the subject keys, reads forgotten ones as erased, and never skips an outage. */
class SealedEventDecoderTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final LeadId LEAD = new LeadId("crm-1001");
    private static final DataSubject SUBJECT = new DataSubject(TENANT.value(), SubjectType.LEAD, LEAD.value());

    private final InMemorySubjectKeys keys = new InMemorySubjectKeys();
    private final ObjectMapper json = TestEvents.JSON;
    private final EventDecoder decoder = new EventDecoder(json, new SimpleMeterRegistry(), keys);

    private static CallLogged call() {
        return new CallLogged(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, "+15125550101", "user_agent0001", T0, 95,
                CallOutcome.CONNECTED, "Maria wants an offer", false, false, T0);
    }

    /** The envelope as the command side publishes it: the payload sealed under the subject's key. */
    private EventEnvelope sealed(Object event) {
        ObjectMapper sealing = json.copy().registerModule(new PersonalDataModule(keys));
        EventEnvelope clear = TestEvents.leadEnvelope((TenantEvent) event, LEAD, 2);
        return new EventEnvelope(clear.eventId(), clear.type(), clear.revision(), clear.tenantId(),
                clear.aggregateType(), clear.aggregateId(), clear.aggregateSequence(), clear.occurredAt(),
                clear.metadata(), sealing.valueToTree(event), clear.position());
    }

    @Test
    void aSealedPayloadIsOpenedWithTheSubjectsKeyFetchedOnce() {
        EventEnvelope envelope = sealed(call());
        assertThat(envelope.payload().toString()).doesNotContain("5125550101", "Maria");

        assertThat(decoder.payloadOf(envelope)).contains(call());
        assertThat(keys.prefetched()).containsExactly(SUBJECT);
    }

    @Test
    void aForgottenSubjectReadsAsErasedAndTheForgettingEventEvictsItsKey() {
        EventEnvelope envelope = sealed(call());

        decoder.payloadOf(TestEvents.leadEnvelope(new DataSubjectForgotten(TENANT, "lead", LEAD.value(), null, T0),
                LEAD, 3));

        CallLogged read = (CallLogged) decoder.payloadOf(envelope).orElseThrow();
        assertThat(read.phone()).isEqualTo("[erased]");
        assertThat(read.notes()).isEqualTo("[erased]");
        assertThat(read.durationSeconds()).isEqualTo(95);
    }

    @Test
    void keysThatCannotBeFetchedAreAnOutageToRetryNotAMalformedEvent() {
        EventEnvelope envelope = sealed(call());
        keys.unreachable = true;

        assertThatThrownBy(() -> decoder.payloadOf(envelope)).isInstanceOf(SubjectKeysUnavailable.class);
    }
}
