package com.nlre.tenancy.command.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The outbox's promises: a batch (and with it the processor's token) commits only once Kafka acknowledged it, and every
 * envelope carries its event's own position in the store.
 */
class KafkaOutboxPublisherTest {

    private static final TenantId TENANT = new TenantId("tenant_abc123");

    private final ObjectMapper objectMapper = new ObjectMapper().registerModule(new JavaTimeModule());
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    private final Map<String, Long> store = new HashMap<>();
    private final List<Collection<String>> lookups = new ArrayList<>();
    private final KafkaOutboxPublisher publisher = new KafkaOutboxPublisher(kafka, objectMapper,
            JacksonSerializer.builder().objectMapper(objectMapper).build(), this::positionsInStore, Duration.ofSeconds(1));

    private Map<String, Long> positionsInStore(Collection<String> eventIdentifiers) {
        lookups.add(List.copyOf(eventIdentifiers));
        Map<String, Long> found = new HashMap<>(store);
        found.keySet().retainAll(eventIdentifiers);
        return found;
    }

    private GenericDomainEventMessage<TenantSuspended> stored(long sequence, long position) {
        GenericDomainEventMessage<TenantSuspended> event = suspended(sequence);
        store.put(event.getIdentifier(), position);
        return event;
    }

    private static GenericDomainEventMessage<TenantSuspended> suspended(long sequence) {
        return new GenericDomainEventMessage<>("Tenant", TENANT.value(), sequence,
                new TenantSuspended(TENANT, "unpaid", Instant.parse("2026-11-27T10:00:00Z")),
                MetaData.with("tenantId", TENANT.value()).and("actorId", "operator"));
    }

    @Test
    void publishesTheEnvelopeKeyedByTenantAndCommitsOnceAcknowledged() throws Exception {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
        GenericDomainEventMessage<TenantSuspended> event = stored(4, 41);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);
        batch.execute(() -> publisher.publish(event.getPayload(), event));

        ArgumentCaptor<String> value = ArgumentCaptor.forClass(String.class);
        verify(kafka).send(eq(Topics.EVENTS), eq(TENANT.value()), value.capture());
        EventEnvelope envelope = objectMapper.readValue(value.getValue(), EventEnvelope.class);
        assertThat(envelope.eventId()).isEqualTo(event.getIdentifier());
        assertThat(envelope.type()).isEqualTo("TenantSuspended");
        assertThat(envelope.revision()).isEqualTo("1");
        assertThat(envelope.aggregateSequence()).isEqualTo(4);
        assertThat(envelope.position()).as("the event's own global index in the store").isEqualTo(41);
        assertThat(envelope.metadata()).containsEntry("actorId", "operator");
        assertThat(envelope.payload().get("reason").asText()).isEqualTo("unpaid");
    }

    @Test
    void aBatchKafkaDidNotAcknowledgeFailsSoItsTokenDoesNotAdvance() {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));
        GenericDomainEventMessage<TenantSuspended> event = stored(4, 41);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);

        assertThatThrownBy(() -> batch.execute(() -> publisher.publish(event.getPayload(), event)))
                .hasRootCauseMessage("broker down");
        assertThat(batch.isRolledBack()).isTrue();
    }

    @Test
    void sendsABatchInStoreOrderWithThePositionsOfOneLookup() throws Exception {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
        GenericDomainEventMessage<TenantSuspended> advancing = stored(4, 57);
        GenericDomainEventMessage<TenantSuspended> gapFilling = stored(5, 55);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(advancing);
        batch.execute(() -> {
            publisher.publish(advancing.getPayload(), advancing);
            publisher.publish(gapFilling.getPayload(), gapFilling);
        });

        ArgumentCaptor<String> values = ArgumentCaptor.forClass(String.class);
        verify(kafka, times(2)).send(eq(Topics.EVENTS), eq(TENANT.value()), values.capture());
        List<EventEnvelope> sent = new ArrayList<>();
        for (String value : values.getAllValues()) {
            sent.add(objectMapper.readValue(value, EventEnvelope.class));
        }
        assertThat(sent).extracting(EventEnvelope::aggregateSequence).containsExactly(4L, 5L);
        assertThat(sent).extracting(EventEnvelope::position).containsExactly(57L, 55L);
        assertThat(lookups).containsExactly(List.of(advancing.getIdentifier(), gapFilling.getIdentifier()));
    }

    @Test
    void anEventMissingFromTheStoreFailsTheBatchBeforeAnythingIsSent() {
        GenericDomainEventMessage<TenantSuspended> event = suspended(4);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);

        assertThatThrownBy(() -> batch.execute(() -> publisher.publish(event.getPayload(), event)))
                .hasMessageContaining("not in the event store");
        assertThat(batch.isRolledBack()).isTrue();
        verifyNoInteractions(kafka);
    }
}
