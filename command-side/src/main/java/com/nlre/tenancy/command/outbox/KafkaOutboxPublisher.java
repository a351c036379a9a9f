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
import org.axonframework.eventhandling.TrackingToken;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The transactional outbox: a tracking processor on the event store publishes every stored event to
 * {@link Topics#EVENTS}, keyed by tenantId. Sends of one batch go out together; the batch's token is stored only
 * after Kafka acknowledged every send ({@code acks=all}, idempotent producer). A failed send fails the batch, the
 * processor backs off and retries from the last stored token: delivery is at-least-once, never lossy.
 */
@Component
@ProcessingGroup(KafkaOutboxPublisher.PROCESSING_GROUP)
public class KafkaOutboxPublisher {

    public static final String PROCESSING_GROUP = "kafka-outbox";

    private static final Logger log = LoggerFactory.getLogger(KafkaOutboxPublisher.class);
    private static final String PENDING_SENDS = KafkaOutboxPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper objectMapper;
    private final EnvelopeFactory envelopes;
    private final Duration ackTimeout;

    public KafkaOutboxPublisher(KafkaTemplate<String, String> kafka, ObjectMapper objectMapper,
                                @Qualifier("eventSerializer") Serializer eventSerializer,
                                @Value("${nlre.outbox.ack-timeout:30s}") Duration ackTimeout) {
        this.kafka = kafka;
        this.objectMapper = objectMapper;
        this.envelopes = new EnvelopeFactory(eventSerializer);
        this.ackTimeout = ackTimeout;
    }

    @EventHandler
    public void publish(TenantEvent event, DomainEventMessage<?> message, TrackingToken token)
            throws JsonProcessingException {
        EventEnvelope envelope = envelopes.envelopeOf(message, token);
        MDC.put(MetadataKeys.TENANT_ID, envelope.tenantId());
        try {
            CompletableFuture<SendResult<String, String>> send =
                    kafka.send(Topics.EVENTS, envelope.tenantId(), objectMapper.writeValueAsString(envelope));
            pendingSendsOfThisBatch().add(send);
            log.debug("Publishing {} #{} of {}", envelope.type(), envelope.aggregateSequence(), envelope.aggregateId());
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    /** Sends are collected per batch and awaited once, before the batch (and its token) commits. */
    private List<CompletableFuture<SendResult<String, String>>> pendingSendsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<SendResult<String, String>>> pending = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcknowledgements(pending));
            return pending;
        });
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

    /** The batch was not acknowledged; its token does not advance and the processor retries it. */
    static class OutboxPublishFailed extends RuntimeException {
        OutboxPublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
