package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * Projects one record of the event topic: the {@link EventDecoder} parses the {@link EventEnvelope} and resolves its
 * payload through the {@link EventCatalog}; this applies it to every {@link Projection}, and only then advances the
 * aggregate's position in {@link ProjectionPositions}. While it works, {@code tenantId}, {@code eventId} and {@code correlationId} are in the
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

    private final EventDecoder decoder;
    private final List<Projection> projections;
    private final ProjectionPositions positions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Timer> lagByType = new ConcurrentHashMap<>();

    public EventProjector(EventDecoder decoder, List<Projection> projections, ProjectionPositions positions, Clock clock,
                          MeterRegistry meters) {
        this.decoder = decoder;
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
        project(key, decoder.parse(value));
    }

    /**
     * Projects an envelope the caller has already parsed with the {@link EventDecoder} (so a record is read once).
     *
     * @param key the record's key, which the producer sets to the tenant id
     */
    public void project(@Nullable String key, EventEnvelope envelope) {
        Map<String, String> previousContext = MDC.getCopyOfContextMap();
        MDC.put(MetadataKeys.TENANT_ID, envelope.tenantId());
        MDC.put(EVENT_ID, envelope.eventId());
        putIfPresent(MetadataKeys.CORRELATION_ID, envelope.metadata().get(MetadataKeys.CORRELATION_ID));
        try {
            if (key != null && !key.equals(envelope.tenantId())) {
                log.warn("Event {} has record key '{}' instead of its tenant id: its tenant's events may be out of order",
                        envelope.eventId(), key);
            }
            Optional<ReceivedEvent> event = decoder.payloadOf(envelope)
                    .map(payload -> new ReceivedEvent(envelope, payload));
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

    private void recordLag(EventEnvelope envelope, boolean known) {
        String type = known ? envelope.type() : UNKNOWN_TYPE;
        Duration lag = Duration.between(envelope.occurredAt(), clock.instant());
        lagByType.computeIfAbsent(type, name -> Timer.builder("nlre.projection.lag")
                        .description("Time from an event's occurrence to the end of its projection")
                        .tag("type", name)
                        .register(meters))
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private static void putIfPresent(String key, @Nullable String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
