package com.nlre.tenancy.command.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The outbox's promise: a batch (and with it the processor's token) commits only once Kafka acknowledged it. */
class KafkaOutboxPublisherTest {

    private static final TenantId TENANT = new TenantId("tenant_abc123");

    private final ObjectMapper objectMapper = new ObjectMapper().registerModule(new JavaTimeModule());
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    private final KafkaOutboxPublisher publisher = new KafkaOutboxPublisher(kafka, objectMapper,
            JacksonSerializer.builder().objectMapper(objectMapper).build(), Duration.ofSeconds(1));

    private static GenericDomainEventMessage<TenantSuspended> suspended() {
        return new GenericDomainEventMessage<>("Tenant", TENANT.value(), 4,
                new TenantSuspended(TENANT, "unpaid", Instant.parse("2026-11-27T10:00:00Z")),
                MetaData.with("tenantId", TENANT.value()).and("actorId", "operator"));
    }

    @Test
    void publishesTheEnvelopeKeyedByTenantAndCommitsOnceAcknowledged() throws Exception {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
        GenericDomainEventMessage<TenantSuspended> event = suspended();

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);
        batch.execute(() -> publishQuietly(event));

        ArgumentCaptor<String> value = ArgumentCaptor.forClass(String.class);
        verify(kafka).send(eq(Topics.EVENTS), eq(TENANT.value()), value.capture());
        EventEnvelope envelope = objectMapper.readValue(value.getValue(), EventEnvelope.class);
        assertThat(envelope.eventId()).isEqualTo(event.getIdentifier());
        assertThat(envelope.type()).isEqualTo("TenantSuspended");
        assertThat(envelope.revision()).isEqualTo("1");
        assertThat(envelope.aggregateSequence()).isEqualTo(4);
        assertThat(envelope.position()).as("the event store's global position").isEqualTo(41);
        assertThat(envelope.metadata()).containsEntry("actorId", "operator");
        assertThat(envelope.payload().get("reason").asText()).isEqualTo("unpaid");
    }

    @Test
    void aBatchKafkaDidNotAcknowledgeFailsSoItsTokenDoesNotAdvance() {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));
        GenericDomainEventMessage<TenantSuspended> event = suspended();

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);

        assertThatThrownBy(() -> batch.execute(() -> publishQuietly(event)))
                .hasRootCauseMessage("broker down");
        assertThat(batch.isRolledBack()).isTrue();
    }

    private void publishQuietly(GenericDomainEventMessage<TenantSuspended> event) {
        try {
            publisher.publish(event.getPayload(), event, new GlobalSequenceTrackingToken(41));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
