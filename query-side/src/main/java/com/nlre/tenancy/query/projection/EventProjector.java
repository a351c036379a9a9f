package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.serialization.Revision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.lang.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projects one record of the event topic: parses the {@link EventEnvelope}, resolves its payload through the
 * {@link EventCatalog}, applies it to every {@link Projection}, and only then advances the aggregate's position in
 * {@link ProjectionPositions}. While it works, {@code tenantId}, {@code eventId} and {@code correlationId} are in the
 * logging context.
 *
 * <p>Failures: an exception from a projection or from MongoDB propagates, so the record is retried and the position
 * stays where it was. A record that can never be projected raises {@link MalformedEventException}. An event type or
 * revision this service does not know (yet) is logged and skipped, and its position still advances, so consistency
 * tokens for it are reached: forward compatibility with a command side that is newer than this service.
 */
public class EventProjector {

    private static final Logger log = LoggerFactory.getLogger(EventProjector.class);
    /** Logging-context key of the event being projected; the JSON log layout includes it. */
    public static final String EVENT_ID = "eventId";
    private static final String UNKNOWN_TYPE = "unknown";

    private final ObjectMapper json;
    private final List<Projection> projections;
    private final ProjectionPositions positions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Timer> lagByType = new ConcurrentHashMap<>();

    public EventProjector(ObjectMapper json, List<Projection> projections, ProjectionPositions positions, Clock clock,
                          MeterRegistry meters) {
        this.json = json;
        this.projections = List.copyOf(projections);
        this.positions = positions;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param key   the record's key, which the producer sets to the tenant id
     * @param value the record's value, an envelope as JSON
     */
    public void project(@Nullable String key, @Nullable String value) {
        EventEnvelope envelope = parse(value);
        Map<String, String> previousContext = MDC.getCopyOfContextMap();
        MDC.put(MetadataKeys.TENANT_ID, envelope.tenantId());
        MDC.put(EVENT_ID, envelope.eventId());
        putIfPresent(MetadataKeys.CORRELATION_ID, envelope.metadata().get(MetadataKeys.CORRELATION_ID));
        try {
            if (key != null && !key.equals(envelope.tenantId())) {
                log.warn("Event {} has record key '{}' instead of its tenant id: its tenant's events may be out of order",
                        envelope.eventId(), key);
            }
            Optional<ReceivedEvent> event = resolve(envelope);
            if (event.isPresent()) {
                projections.forEach(projection -> projection.apply(event.get()));
                log.debug("Projected {} #{} of {}", envelope.type(), envelope.aggregateSequence(), envelope.aggregateId());
            }
            positions.advance(new TenantId(envelope.tenantId()), envelope.aggregateId(), envelope.aggregateSequence());
            recordLag(envelope, event.isPresent());
        } finally {
            if (previousContext == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previousContext);
            }
        }
    }

    private EventEnvelope parse(@Nullable String value) {
        if (value == null) {
            throw new MalformedEventException("record has no value");
        }
        EventEnvelope envelope;
        try {
            envelope = json.readValue(value, EventEnvelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("record is not an event envelope", e);
        }
        if (envelope == null) {
            throw new MalformedEventException("record is not an event envelope");
        }
        if (!TenantId.isValid(envelope.tenantId())) {
            throw new MalformedEventException("event " + envelope.eventId() + " has no valid tenant id");
        }
        if (envelope.aggregateSequence() < 0) {
            throw new MalformedEventException("event " + envelope.eventId() + " has a negative aggregate sequence");
        }
        return envelope;
    }

    /** The typed event, or empty when this service does not know the type or revision. */
    private Optional<ReceivedEvent> resolve(EventEnvelope envelope) {
        Optional<Class<? extends TenantEvent>> type = EventCatalog.typeOf(envelope.type());
        if (type.isEmpty()) {
            log.warn("Skipping event {} of unknown type '{}'", envelope.eventId(), envelope.type());
            skipped("unknown-type");
            return Optional.empty();
        }
        String knownRevision = revisionOf(type.get());
        if (!knownRevision.equals(envelope.revision())) {
            log.warn("Skipping event {}: revision '{}' of {} is unknown here (this service reads revision '{}')",
                    envelope.eventId(), envelope.revision(), envelope.type(), knownRevision);
            skipped("unknown-revision");
            return Optional.empty();
        }
        TenantEvent payload;
        try {
            payload = json.treeToValue(envelope.payload(), type.get());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("payload of event " + envelope.eventId() + " is not a valid "
                    + envelope.type(), e);
        }
        if (payload == null || payload.tenantId() == null || !payload.tenantId().value().equals(envelope.tenantId())) {
            throw new MalformedEventException("payload of event " + envelope.eventId()
                    + " does not belong to the envelope's tenant");
        }
        return Optional.of(new ReceivedEvent(envelope, payload));
    }

    private void recordLag(EventEnvelope envelope, boolean known) {
        String type = known ? envelope.type() : UNKNOWN_TYPE;
        Duration lag = Duration.between(envelope.occurredAt(), clock.instant());
        lagByType.computeIfAbsent(type, name -> Timer.builder("nlre.projection.lag")
                        .description("Time from an event's occurrence to the end of its projection")
                        .tag("type", name)
                        .register(meters))
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private void skipped(String reason) {
        Counter.builder("nlre.projection.skipped")
                .description("Events not projected because this service does not know their type or revision")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    private static String revisionOf(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? "" : revision.value();
    }

    private static void putIfPresent(String key, @Nullable String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
