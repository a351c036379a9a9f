package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.audit.AccessAuditQuery;
import com.nlre.tenancy.query.call.CallPage;
import com.nlre.tenancy.query.call.CallReadModel;
import com.nlre.tenancy.query.call.CallView;
import com.nlre.tenancy.query.lead.LeadReadModel;
import com.nlre.tenancy.query.lead.LeadView;
import com.nlre.tenancy.query.projection.EventDecoder;
import com.nlre.tenancy.query.user.UserReadModel;
import com.nlre.tenancy.query.user.UserView;
import com.nlre.tenancy.query.web.CursorParameters;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Builds a {@link SubjectExport}: the subject from the read models, its history from the event store (opened by the
 * {@link EventDecoder}), its consents, calls and access-audit records. One subject's records fit in one answer.
 */
@Component
public class SubjectExports {

    private final LeadReadModel leads;
    private final UserReadModel users;
    private final CallReadModel calls;
    private final ReadModelExportSources sources;
    private final TenantHistoryReader history;
    private final EventDecoder decoder;
    private final GdprExportProperties properties;
    private final Clock clock;

    public SubjectExports(LeadReadModel leads, UserReadModel users, CallReadModel calls,
                          ReadModelExportSources sources, TenantHistoryReader history, EventDecoder decoder,
                          GdprExportProperties properties, Clock clock) {
        this.leads = leads;
        this.users = users;
        this.calls = calls;
        this.sources = sources;
        this.history = history;
        this.decoder = decoder;
        this.properties = properties;
        this.clock = clock;
    }

    /** The export, or empty when the tenant has no such subject (unknown, deleted or another tenant's). */
    public Optional<SubjectExport> export(TenantId tenantId, SubjectType type, String subjectId) {
        return switch (type) {
            case LEAD -> LeadId.isValid(subjectId) ? lead(tenantId, new LeadId(subjectId)) : Optional.empty();
            case USER -> UserId.isValid(subjectId) ? user(tenantId, new UserId(subjectId)) : Optional.empty();
        };
    }

    private Optional<SubjectExport> lead(TenantId tenantId, LeadId leadId) {
        Optional<LeadView> found = leads.find(tenantId, leadId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LeadView lead = found.get();
        List<ExportedEvent> events = events(tenantId, tenantId.value() + "." + leadId.value(), event -> true);
        return Optional.of(new SubjectExport(ExportManifest.SCHEMA_VERSION, tenantId.value(), SubjectType.LEAD,
                leadId.value(), clock.instant(), lastPosition(events), lead, lead.consent(),
                sources.callsOf(tenantId, leadId), events,
                accessAudit(tenantId, List.of(new AccessAuditQuery(null, null, null, null, leadId.value())))));
    }

    private Optional<SubjectExport> user(TenantId tenantId, UserId userId) {
        Optional<UserView> found = users.find(tenantId, userId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<ExportedEvent> events = events(tenantId, tenantId.value(),
                event -> event.event() != null && SubjectEvents.names(event.event(), userId));
        return Optional.of(new SubjectExport(ExportManifest.SCHEMA_VERSION, tenantId.value(), SubjectType.USER,
                userId.value(), clock.instant(), lastPosition(events), found.get(), List.of(),
                callsAsAgent(tenantId, userId), events,
                accessAudit(tenantId, List.of(new AccessAuditQuery(null, null, null, null, userId.value()),
                        new AccessAuditQuery(null, null, userId.value(), null, null)))));
    }

    /** The aggregate's events that {@code about} keeps, oldest first. */
    private List<ExportedEvent> events(TenantId tenantId, String aggregateId, Predicate<ExportedEvent> about) {
        List<ExportedEvent> events = new ArrayList<>();
        long after = 0;
        int limit = properties.eventPageSize();
        List<String> page;
        do {
            page = history.page(tenantId, aggregateId, after, limit);
            for (String line : page) {
                ExportedEvent event = ExportedEvent.decode(decoder, tenantId, line);
                if (!aggregateId.equals(event.aggregateId())) {
                    throw new IllegalStateException("the history of aggregate " + aggregateId
                            + " sent an event of another aggregate at position " + event.position());
                }
                if (about.test(event)) {
                    events.add(event);
                }
                after = Math.max(after, event.position());
            }
        } while (page.size() == limit);
        return events;
    }

    private List<CallView> callsAsAgent(TenantId tenantId, UserId userId) {
        List<CallView> all = new ArrayList<>();
        String cursor = null;
        do {
            CallPage window = calls.list(tenantId, userId.value(), null, null,
                    new CursorParameters(ReadModelExportSources.WINDOW, cursor));
            all.addAll(window.items());
            cursor = window.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** The records any of the queries finds, each once, newest first. */
    private List<AccessRecord> accessAudit(TenantId tenantId, List<AccessAuditQuery> queries) {
        Map<String, AccessRecord> found = new LinkedHashMap<>();
        for (AccessAuditQuery query : queries) {
            sources.accessAuditOf(tenantId, query).forEach(record -> found.putIfAbsent(record.recordId(), record));
        }
        return found.values().stream()
                .sorted(Comparator.comparing(AccessRecord::occurredAt).reversed()
                        .thenComparing(AccessRecord::recordId, Comparator.reverseOrder()))
                .toList();
    }

    private static long lastPosition(List<ExportedEvent> events) {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).position();
    }
}
