package com.nlre.tenancy.command.history;

import com.nlre.tenancy.command.lead.LeadKeys;
import com.nlre.tenancy.command.outbox.EnvelopeFactory;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the audit routes answer, for a tenant principal (its own tenant) and an operator (the tenant named) alike:
 * history as NDJSON envelopes, the state as of an instant, a lead's status changes. Everything is read from the event
 * store, never from a read model.
 */
@Component
public class TenantHistory {

    public static final String NDJSON = "application/x-ndjson";
    /** The position to pass as {@code after} to continue; the {@code after} given when nothing was returned. */
    public static final String NEXT_CURSOR = "X-Next-Cursor";
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

    private final EventHistory history;
    private final EnvelopeFactory envelopes;
    private final ObjectMapper json;

    public TenantHistory(EventHistory history, ObjectMapper json,
                         @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.history = history;
        this.envelopes = new EnvelopeFactory(eventSerializer);
        this.json = json;
    }

    /**
     * At most {@code limit} events after {@code after} as NDJSON envelopes in global order: the tenant's matching
     * {@code filter}, or every tenant's when {@code tenantId} is null. The page's positions are read before the
     * response starts (so the cursor header is known); payloads are then read and written a chunk at a time.
     */
    public ResponseEntity<StreamingResponseBody> stream(TenantId tenantId, HistoryFilter filter, long after,
                                                        int limit) {
        List<Long> positions = history.positions(tenantId, filter, after, limit);
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        StreamingResponseBody body = out -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                write(out, tenantId, positions);
            } finally {
                MDC.clear();
            }
        };
        long next = positions.isEmpty() ? after : positions.get(positions.size() - 1);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(NDJSON))
                .header(NEXT_CURSOR, Long.toString(next))
                .body(body);
    }

    private void write(OutputStream out, TenantId tenantId, List<Long> positions) throws java.io.IOException {
        for (int start = 0; start < positions.size(); start += EventHistory.CHUNK) {
            List<Long> chunk = positions.subList(start, Math.min(positions.size(), start + EventHistory.CHUNK));
            for (StoredEvent event : history.read(tenantId, chunk)) {
                out.write(json.writeValueAsBytes(envelopes.envelopeOf(event.message(), event.position())));
                out.write('\n');
            }
            out.flush();
        }
    }

    /** The tenant's state as of {@code at}, replayed from its events up to and including that instant. */
    public Optional<TenantStateAt> stateAt(TenantId tenantId, Instant at) {
        TenantReplay replay = new TenantReplay(tenantId, at);
        history.forEach(tenantId, HistoryFilter.upTo(at), 0, event -> replay.apply(event.position(),
                event.message().getTimestamp(), (TenantEvent) event.message().getPayload()));
        return replay.state();
    }

    /** The lead's status changes; 404 when the tenant never had the lead. */
    public LeadStatusChanges statusChangesOf(TenantId tenantId, String leadId) {
        if (!LeadId.isValid(leadId)) {
            throw ProblemException.notFound("lead", leadId);
        }
        String aggregateId = LeadKeys.aggregateId(tenantId, new LeadId(leadId));
        if (history.positions(tenantId, HistoryFilter.ofAggregate(aggregateId, List.of()), 0, 1).isEmpty()) {
            throw ProblemException.notFound("lead", leadId);
        }
        List<LeadStatusChanges.Change> changes = new ArrayList<>();
        history.forEach(tenantId, HistoryFilter.ofAggregate(aggregateId,
                List.of(EventCatalog.wireName(LeadStatusChanged.class))), 0, event -> {
            LeadStatusChanged changed = (LeadStatusChanged) event.message().getPayload();
            MetaData metadata = event.message().getMetaData();
            changes.add(new LeadStatusChanges.Change(event.position(), changed.changedAt(),
                    changed.previousStatus(), changed.status(), text(metadata, MetadataKeys.ACTOR_ID),
                    text(metadata, MetadataKeys.ACTOR_TYPE), text(metadata, MetadataKeys.CORRELATION_ID)));
        });
        return new LeadStatusChanges(leadId, changes);
    }

    /** True when the event store holds events of the tenant: an operator asking about any other id gets 404. */
    public boolean knows(TenantId tenantId) {
        return history.hasEventsOf(tenantId);
    }

    private static String text(MetaData metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? null : value.toString();
    }

    /** Reads {@code from}, {@code to}, {@code aggregateId} and {@code type} query parameters; 400 naming the one at fault. */
    public static HistoryFilter filter(String from, String to, String aggregateId, List<String> types) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ProblemException.invalidParameter("to", "must be after from");
        }
        List<String> wireNames = types == null ? List.of() : types;
        for (String type : wireNames) {
            if (EventCatalog.typeOf(type).isEmpty()) {
                throw ProblemException.invalidParameter("type", "unknown event type '" + type
                        + "': expected an event name such as LeadStatusChanged");
            }
        }
        String aggregate = aggregateId == null || aggregateId.isBlank() ? null : aggregateId;
        return new HistoryFilter(start, end, false, aggregate, wireNames);
    }

    public static long after(Long after) {
        if (after != null && after < 0) {
            throw ProblemException.invalidParameter("after", "must be a position (0 or more)");
        }
        return after == null ? 0 : after;
    }

    public static int limit(Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ProblemException.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /** A required instant ({@code at}). */
    public static Instant requiredInstant(String field, String value) {
        Instant instant = instant(field, value);
        if (instant == null) {
            throw ProblemException.invalidParameter(field, "is required (an ISO-8601 instant, e.g. 2026-11-24T15:00:00Z)");
        }
        return instant;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidParameter(field, "must be an ISO-8601 instant, e.g. 2026-11-24T15:00:00Z");
        }
    }
}
