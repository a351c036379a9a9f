package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.PersonalDataModule;
import com.nlre.tenancy.query.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One key request per poll for every data subject of the polled events, and never a failed poll because of it. */
class SubjectKeyPrefetcherTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final TopicPartition PARTITION = new TopicPartition(Topics.EVENTS, 0);

    private final InMemorySubjectKeys keys = new InMemorySubjectKeys();
    private final ObjectMapper json = TestEvents.JSON;
    private final SubjectKeyPrefetcher prefetcher = new SubjectKeyPrefetcher();
    private final List<Integer> observed = new ArrayList<>();

    @BeforeEach
    void configuredWithTheDecoderAndAnObserver() {
        EventPollObserver failing = records -> {
            throw new IllegalStateException("an observer that fails");
        };
        prefetcher.configure(Map.of(SubjectKeyPrefetcher.DECODER,
                new EventDecoder(json, new SimpleMeterRegistry(), keys),
                SubjectKeyPrefetcher.OBSERVERS, List.of(failing, (EventPollObserver) observed::add)));
    }

    @Test
    void tellsTheObserversOncePerPollHowManyEventRecordsCameEvenWhenOneOfThemFails() throws Exception {
        ConsumerRecords<String, String> polled = polled("not an envelope", sealedLeadAdded("crm-1"));

        assertThat(prefetcher.onConsume(polled)).isSameAs(polled);
        assertThat(prefetcher.onConsume(ConsumerRecords.empty())).isEmpty();

        assertThat(observed).containsExactly(2);
    }

    @Test
    void asksOnceForTheKeysOfEveryLeadInThePolledBatch() throws Exception {
        ConsumerRecords<String, String> polled = polled(sealedLeadAdded("crm-1"), sealedLeadAdded("crm-2"),
                sealedLeadAdded("crm-3"));

        assertThat(prefetcher.onConsume(polled)).isSameAs(polled);

        assertThat(keys.prefetches).hasSize(1);
        assertThat(keys.prefetches.get(0)).containsExactlyInAnyOrder(lead("crm-1"), lead("crm-2"), lead("crm-3"));
    }

    @Test
    void leavesRecordsItCannotReadAndKeysItCannotFetchToTheListener() throws Exception {
        ConsumerRecords<String, String> polled = polled("not an envelope", sealedLeadAdded("crm-1"));
        keys.unreachable = true;

        assertThat(prefetcher.onConsume(polled)).isSameAs(polled);
        assertThat(keys.prefetches).isEmpty();
    }

    private String sealedLeadAdded(String leadId) throws Exception {
        LeadAdded added = TestEvents.leadAdded(TENANT, new LeadId(leadId),
                TestEvents.contact("Maria Garcia", "+15125550101", "1 Main St", "Austin"), T0);
        EventEnvelope clear = TestEvents.leadEnvelope(added, new LeadId(leadId), 0);
        ObjectMapper sealing = json.copy().registerModule(new PersonalDataModule(keys));
        return json.writeValueAsString(new EventEnvelope(clear.eventId(), clear.type(), clear.revision(),
                clear.tenantId(), clear.aggregateType(), clear.aggregateId(), clear.aggregateSequence(),
                clear.occurredAt(), clear.metadata(), sealing.valueToTree(added), clear.position()));
    }

    private static ConsumerRecords<String, String> polled(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int offset = 0; offset < values.length; offset++) {
            records.add(new ConsumerRecord<>(Topics.EVENTS, 0, offset, TENANT.value(), values[offset]));
        }
        return new ConsumerRecords<>(Map.of(PARTITION, records));
    }

    private static DataSubject lead(String leadId) {
        return new DataSubject(TENANT.value(), SubjectType.LEAD, leadId);
    }
}
