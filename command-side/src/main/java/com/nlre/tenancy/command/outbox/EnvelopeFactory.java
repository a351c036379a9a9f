package com.nlre.tenancy.command.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the Kafka envelope of a stored event: identity and position from the event store, payload as JSON. The one
 * envelope builder: the outbox and the history streams both use it, so a history line equals the Kafka record.
 *
 * <p>The payload is the event's serialized form under the event serializer: for an event read from the store, exactly
 * the stored JSON (personal components sealed as stored, nothing sealed again); for any other, the event serialized by
 * it now.
 */
public class EnvelopeFactory {

    private final Serializer eventSerializer;

    /** @param eventSerializer Axon's event serializer, the one the event store wrote with */
    public EnvelopeFactory(Serializer eventSerializer) {
        this.eventSerializer = eventSerializer;
    }

    /**
     * @param position the event's own global index in the event store ({@link StoredEventPositions}), not a tracking
     *                 token's high-water mark; null when the event is not (yet) in the store
     */
    public EventEnvelope envelopeOf(DomainEventMessage<?> message, Long position) {
        TenantEvent event = (TenantEvent) message.getPayload();
        Revision revision = event.getClass().getAnnotation(Revision.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        message.getMetaData().forEach((key, value) -> {
            if (value != null) {
                metadata.put(key, value.toString());
            }
        });
        return new EventEnvelope(
                message.getIdentifier(),
                EventCatalog.wireName(event.getClass()),
                revision == null ? null : revision.value(),
                event.tenantId().value(),
                message.getType(),
                message.getAggregateIdentifier(),
                message.getSequenceNumber(),
                message.getTimestamp(),
                metadata,
                message.serializePayload(eventSerializer, JsonNode.class).getData(),
                position);
    }
}
