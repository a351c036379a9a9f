package com.nlre.tenancy.command.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.Topics;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The transactional outbox: a tracking processor on the event store publishes every stored event to
 * {@link Topics#EVENTS}, keyed by tenantId. The events of one batch are collected, stamped with their own positions in
 * the store ({@link StoredEventPositions}, one lookup per batch) and sent together in store order; the batch's token
 * is stored only after Kafka acknowledged every send ({@code acks=all}, idempotent producer). A failed lookup or send
 * fails the batch, the processor backs off and retries from the last stored token: delivery is at-least-once, never
 * lossy.
 */
@Component
@ProcessingGroup(KafkaOutboxPublisher.PROCESSING_GROUP)
public class KafkaOutboxPublisher {

    public static final String PROCESSING_GROUP = "kafka-outbox";

    private static final Logger log = LoggerFactory.getLogger(KafkaOutboxPublisher.class);
    private static final String BATCH = KafkaOutboxPublisher.class.getName() + ".batch";

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper objectMapper;
    private final EnvelopeFactory envelopes;
    private final StoredEventPositions positions;
    private final Duration ackTimeout;

    public KafkaOutboxPublisher(KafkaTemplate<String, String> kafka, ObjectMapper objectMapper,
                                @Qualifier("eventSerializer") Serializer eventSerializer,
                                StoredEventPositions positions,
                                @Value("${nlre.outbox.ack-timeout:30s}") Duration ackTimeout) {
        this.kafka = kafka;
        this.objectMapper = objectMapper;
        this.envelopes = new EnvelopeFactory(eventSerializer);
        this.positions = positions;
        this.ackTimeout = ackTimeout;
    }

    @EventHandler
    public void publish(TenantEvent event, DomainEventMessage<?> message) {
        eventsOfThisBatch().add(message);
    }

    /** The batch's events in store order; sent, and awaited, once, before the batch (and its token) commits. */
    private List<DomainEventMessage<?>> eventsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(BATCH, key -> {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> publishAndAwait(events));
            return events;
        });
    }

    private void publishAndAwait(List<DomainEventMessage<?>> events) {
        Map<String, Long> stored = positions.positionsOf(events.stream().map(DomainEventMessage::getIdentifier).toList());
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(events.size());
        for (DomainEventMessage<?> message : events) {
            Long position = stored.get(message.getIdentifier());
            if (position == null) {
                throw new OutboxPublishFailed("Event " + message.getIdentifier() + " was handed to the outbox but is "
                        + "not in the event store", null);
            }
            sends.add(send(envelopes.envelopeOf(message, position)));
        }
        awaitAcknowledgements(sends);
    }

    private CompletableFuture<SendResult<String, String>> send(EventEnvelope envelope) {
        MDC.put(MetadataKeys.TENANT_ID, envelope.tenantId());
        try {
            log.debug("Publishing {} #{} of {}", envelope.type(), envelope.aggregateSequence(), envelope.aggregateId());
            return kafka.send(Topics.EVENTS, envelope.tenantId(), objectMapper.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new OutboxPublishFailed("Could not write the envelope of event " + envelope.eventId(), e);
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    private void awaitAcknowledgements(List<CompletableFuture<SendResult<String, String>>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxPublishFailed("Interrupted while waiting for Kafka acknowledgements", e);
        } catch (Exception e) {
            throw new OutboxPublishFailed("Kafka did not acknowledge a batch of " + pending.size() + " events", e);
        }
    }

    /** The batch was not published; its token does not advance and the processor retries it. */
    static class OutboxPublishFailed extends RuntimeException {
        OutboxPublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
