package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.List;

/**
 * Operators read any one tenant's history, state and status changes (the tenant named in the path, 404 when the
 * event store has none of its events), and the event stream of every tenant that projections are rebuilt from.
 */
@RestController
@RequestMapping("/api/v1/operator")
@Tag(name = "Audit (operators)", description = "Any tenant's history and replay, and the envelope stream of all "
        + "events, read from the event store")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class OperatorHistoryController {

    private final TenantHistory history;

    public OperatorHistoryController(TenantHistory history) {
        this.history = history;
    }

    @GetMapping(path = "/events", produces = TenantHistory.NDJSON)
    @Operation(summary = "The event store as Kafka envelopes, in position order (projection rebuilds)",
            description = """
                    The contract projection rebuilds consume. NDJSON, one EventEnvelope per line (the exact shape of \
                    the Kafka records, `position` always set), in ascending position, at most `limit` lines (default \
                    1000, max 5000) with position greater than `after` (default 0: from the start). With tenantId, \
                    only that tenant's events, read through the tenant index (404 for a tenant with no events). The \
                    X-Next-Cursor header, like the last line's position, is the `after` of the next call; fewer \
                    lines than limit means the end of the store for now. Positions ascend, but a transaction still \
                    in flight may commit an event below a position already returned (a gap, as for any reader of \
                    the store's global order): a rebuild that must miss nothing continues from Kafka, whose \
                    at-least-once stream carries every event, and stays idempotent by eventId.""")
    @ApiResponse(responseCode = "200", description = "The page of envelopes",
            content = @Content(mediaType = TenantHistory.NDJSON),
            headers = @Header(name = TenantHistory.NEXT_CURSOR, description = "The `after` of the next page"))
    public ResponseEntity<StreamingResponseBody> events(
            @Parameter(description = "Resume after this position (exclusive)") @RequestParam(required = false) Long after,
            @Parameter(description = "At most this many lines (1-5000, default 1000)")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "Only this tenant's events") @RequestParam(required = false) String tenantId) {
        long position = TenantHistory.after(after);
        int lines = TenantHistory.limit(limit);
        if (tenantId == null) {
            return history.stream(null, HistoryFilter.NONE, position, lines);
        }
        return history.stream(known(tenantId), HistoryFilter.NONE, position, lines);
    }

    @GetMapping(path = "/tenants/{tenantId}/history", produces = TenantHistory.NDJSON)
    @Operation(summary = "A tenant's event history (NDJSON, resumable)",
            description = AuditController.HISTORY_DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The page of events",
            content = @Content(mediaType = TenantHistory.NDJSON),
            headers = @Header(name = TenantHistory.NEXT_CURSOR, description = "The `after` of the next page"))
    public ResponseEntity<StreamingResponseBody> history(
            @PathVariable String tenantId,
            @Parameter(description = "Occurred at or after (ISO-8601 instant)") @RequestParam(required = false) String from,
            @Parameter(description = "Occurred before (ISO-8601 instant)") @RequestParam(required = false) String to,
            @Parameter(description = "Only this aggregate's events") @RequestParam(required = false) String aggregateId,
            @Parameter(description = "Event names, e.g. LeadStatusChanged (repeatable)")
            @RequestParam(name = "type", required = false) List<String> types,
            @Parameter(description = "Resume after this position (exclusive)") @RequestParam(required = false) Long after,
            @Parameter(description = "At most this many lines (1-5000, default 1000)")
            @RequestParam(required = false) Integer limit) {
        TenantId tenant = known(tenantId);
        return history.stream(tenant, TenantHistory.filter(from, to, aggregateId, types), TenantHistory.after(after),
                TenantHistory.limit(limit));
    }

    @GetMapping(path = "/tenants/{tenantId}/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A tenant's state as of an instant",
            description = "As GET /api/v1/audit/state, for the tenant named. 404 before the tenant existed.")
    public TenantStateAt state(@PathVariable String tenantId,
                               @Parameter(description = "ISO-8601 instant", example = "2026-11-24T15:00:00Z")
                               @RequestParam(required = false) String at) {
        TenantId tenant = known(tenantId);
        Instant instant = TenantHistory.requiredInstant("at", at);
        return history.stateAt(tenant, instant)
                .orElseThrow(() -> ProblemException.notFound("tenant state at " + instant, tenant.value()));
    }

    @GetMapping(path = "/tenants/{tenantId}/leads/{leadId}/status-changes", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Who changed a tenant's lead's status, when, from what to what",
            description = "As GET /api/v1/audit/leads/{leadId}/status-changes, for the tenant named.")
    public LeadStatusChanges statusChanges(@PathVariable String tenantId, @PathVariable String leadId) {
        return history.statusChangesOf(known(tenantId), leadId);
    }

    /** The tenant named, once its log context is set; 404 for a malformed id or one without events. */
    private TenantId known(String tenantId) {
        if (!TenantId.isValid(tenantId)) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        TenantId tenant = new TenantId(tenantId);
        RequestContextFilter.tenantIs(tenant.value());
        if (!history.knows(tenant)) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        return tenant;
    }
}
