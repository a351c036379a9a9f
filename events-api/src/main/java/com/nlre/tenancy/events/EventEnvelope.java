package com.nlre.tenancy.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What travels on {@link Topics#EVENTS}: one domain event with its identity and position.
 *
 * <p>{@code eventId} is globally unique and stable across redeliveries and replays, so consumers
 * use it (or {@code aggregateId}+{@code aggregateSequence}) to stay idempotent. {@code type} and
 * {@code revision} name the payload's record in {@link EventCatalog}. {@code position} is the event's place in the
 * event store's global order (null from a producer that does not know it): readers use it to say how current a view
 * is. It grows with commit order, but an event committed late may arrive after one with a higher position.
 */
public record EventEnvelope(
        String eventId,
        String type,
        String revision,
        String tenantId,
        String aggregateType,
        String aggregateId,
        long aggregateSequence,
        Instant occurredAt,
        Map<String, String> metadata,
        JsonNode payload,
        Long position) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
