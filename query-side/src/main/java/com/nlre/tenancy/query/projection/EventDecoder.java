package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.PersonalDataModule;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.gdpr.SubjectKeysUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.serialization.Revision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The query side's one way from the wire to typed events: parses an {@link EventEnvelope} and turns its payload into
 * the record {@link EventCatalog} names. Every reader of events on this side (the Kafka consumer, rebuilds, exports)
 * goes through it, so they all read a payload the same way.
 *
 * <p>A record that can never be read raises {@link MalformedEventException}. An event type or revision this service
 * does not know (yet) is logged, counted ({@code nlre.projection.skipped}) and answered as empty: forward
 * compatibility with a command side that is newer than this service.
 *
 * <p>Personal components sealed in a payload are opened with the {@link SubjectKeys} (the command side's keys, fetched
 * and cached); a forgotten subject's read as {@link com.nlre.tenancy.events.personal.ErasedValues erased}, never as an
 * error. Keys that cannot be fetched at all raise {@link SubjectKeysUnavailable}, which is retried, never skipped. A
 * {@link DataSubjectForgotten} or {@link TenantOffboarded} read here is told to the keys at once, so no later read
 * opens the forgotten data with a cached key. Only payloads are read with sealing: the envelope's own fields never are.
 */
public class EventDecoder {

    private static final Logger log = LoggerFactory.getLogger(EventDecoder.class);

    private final ObjectMapper json;
    private final ObjectMapper payloads;
    private final SubjectKeys keys;
    private final MeterRegistry meters;

    public EventDecoder(ObjectMapper json, MeterRegistry meters, SubjectKeys keys) {
        this.json = json;
        this.payloads = json.copy().registerModule(new PersonalDataModule(keys));
        this.keys = keys;
        this.meters = meters;
    }

    /** Fetches at once the keys that reading these envelopes' payloads needs (e.g. a rebuild's page). */
    public void prefetchKeys(Collection<EventEnvelope> envelopes) {
        Set<DataSubject> subjects = new LinkedHashSet<>();
        for (EventEnvelope envelope : envelopes) {
            EventCatalog.typeOf(envelope.type()).filter(type -> envelope.payload() != null).ifPresent(type ->
                    subjects.addAll(PersonalDataModule.subjectsSealedIn(type, envelope.payload())));
        }
        if (!subjects.isEmpty()) {
            keys.prefetch(subjects);
        }
    }

    /** @param value a Kafka record's value or an NDJSON line: one envelope as JSON */
    public EventEnvelope parse(@Nullable String value) {
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
        return checked(envelope);
    }

    /**
     * The envelope, once it has what every projection relies on: a valid tenant id and a sequence of 0 or more.
     *
     * @throws MalformedEventException when it has not
     */
    public EventEnvelope checked(EventEnvelope envelope) {
        if (!TenantId.isValid(envelope.tenantId())) {
            throw new MalformedEventException("event " + envelope.eventId() + " has no valid tenant id");
        }
        if (envelope.aggregateSequence() < 0) {
            throw new MalformedEventException("event " + envelope.eventId() + " has a negative aggregate sequence");
        }
        return envelope;
    }

    /** The typed payload, or empty when this service does not know the type or revision. */
    public Optional<TenantEvent> payloadOf(EventEnvelope envelope) {
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
        if (envelope.payload() != null) {
            prefetchKeys(List.of(envelope));
        }
        TenantEvent payload;
        try {
            payload = payloads.treeToValue(envelope.payload(), type.get());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SubjectKeysUnavailable unavailable) {
                    throw unavailable;
                }
            }
            throw new MalformedEventException("payload of event " + envelope.eventId() + " is not a valid "
                    + envelope.type(), e);
        }
        if (payload == null || payload.tenantId() == null || !payload.tenantId().value().equals(envelope.tenantId())) {
            throw new MalformedEventException("payload of event " + envelope.eventId()
                    + " does not belong to the envelope's tenant");
        }
        if (payload instanceof DataSubjectForgotten forgotten) {
            SubjectType.fromWireName(forgotten.subjectType()).ifPresent(subjectType -> keys.forgotten(
                    new DataSubject(forgotten.tenantId().value(), subjectType, forgotten.subjectId())));
        } else if (payload instanceof TenantOffboarded offboarded) {
            keys.tenantShredded(offboarded.tenantId().value());
        }
        return Optional.of(payload);
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
}
