package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.projection.EventDecoder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a tenant's history as an export holds it: the envelope's identity, order and metadata, and the event
 * itself as the typed record {@link EventDecoder} opened (personal fields opened, or {@code "[erased]"} once their
 * subject was forgotten) — never the envelope's raw payload.
 *
 * @param decoded false when this service does not know the event's type or revision; {@code event} is then null
 */
@Schema(name = "GdprExportedEvent")
public record ExportedEvent(
        @Schema(description = "Place in the event store's global order") long position,
        String eventId,
        @Schema(description = "Event name, e.g. LeadStatusChanged") String type,
        String revision,
        String aggregateType,
        String aggregateId,
        long aggregateSequence,
        Instant occurredAt,
        @Schema(description = "Actor, correlation id and the like, as the command side recorded them")
        Map<String, String> metadata,
        boolean decoded,
        @Schema(description = "The event's fields, by name; null when not decoded") @Nullable TenantEvent event) {

    /**
     * @param line one NDJSON line of a tenant's history
     * @throws IllegalStateException when the line is another tenant's event or has no position: the command side
     *                               answered something other than what was asked, and the export must not hold it
     */
    public static ExportedEvent decode(EventDecoder decoder, TenantId tenantId, String line) {
        EventEnvelope envelope = decoder.parse(line);
        if (!tenantId.value().equals(envelope.tenantId())) {
            throw new IllegalStateException("the history of one tenant sent another tenant's event "
                    + envelope.eventId());
        }
        if (envelope.position() == null) {
            throw new IllegalStateException("the history sent event " + envelope.eventId() + " without a position");
        }
        TenantEvent event = decoder.payloadOf(envelope).orElse(null);
        return new ExportedEvent(envelope.position(), envelope.eventId(), envelope.type(), envelope.revision(),
                envelope.aggregateType(), envelope.aggregateId(), envelope.aggregateSequence(), envelope.occurredAt(),
                envelope.metadata(), event != null, event);
    }
}
