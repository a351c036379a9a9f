package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.query.call.CallView;
import com.nlre.tenancy.query.lead.ConsentView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * Everything the tenant holds about one data subject (a lead or a tenant user), as one JSON document.
 *
 * @param data            the subject as it is now: a lead as {@code GET /api/v1/leads/{leadId}} shows it, a user as
 *                        {@code GET /api/v1/users/{userId}} does
 * @param consents        a lead's consent per phone number (TCPA); empty for a user
 * @param calls           a lead's calls; for a user, the calls the user made or took as agent; newest first
 * @param history         the subject's change history from the event store, oldest first: a lead's own events; for a
 *                        user, the tenant's events that name the user
 * @param accessAudit     access-audit records about the subject (its id among the route's resource ids) and, for a
 *                        user, the user's own requests; newest first
 * @param positionReached event-store position of the last event read (0 with none)
 */
@Schema(name = "GdprSubjectExport")
public record SubjectExport(int schemaVersion, String tenantId, SubjectType subjectType, String subjectId,
                            Instant generatedAt, long positionReached, Object data, List<ConsentView> consents,
                            List<CallView> calls, List<ExportedEvent> history, List<AccessRecord> accessAudit) {
}
