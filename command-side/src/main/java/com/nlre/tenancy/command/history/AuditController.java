package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.List;

/**
 * The caller's tenant's history, from the event store (the source of truth): its events, its state as of an instant,
 * who changed a lead's status. Needs {@code audit.read}; the tenant is always the caller's own.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit (history and replay)", description = "The tenant's event history, point-in-time state and "
        + "status-change attribution, read from the event store")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
@PreAuthorize("hasAuthority('PERM_audit.read')")
public class AuditController {

    static final String HISTORY_DESCRIPTION = """
            NDJSON, one event per line in global order, each line exactly the event's Kafka envelope (eventId, \
            type, revision, tenantId, aggregateType, aggregateId, aggregateSequence, occurredAt, metadata with \
            actorId/actorType/correlationId, payload as stored, position). Filters: from (inclusive) and to \
            (exclusive) on occurredAt, aggregateId (as in the envelope), type (event name, repeatable). At most \
            limit lines (default 1000, max 5000) after position `after`; the X-Next-Cursor header (also the last \
            line's position) is the `after` of the next page, and fewer lines than limit means the end for now. \
            Reads only this tenant's rows of an index led by the tenant id.""";

    private final TenantHistory history;

    public AuditController(TenantHistory history) {
        this.history = history;
    }

    @GetMapping(path = "/history", produces = TenantHistory.NDJSON)
    @Operation(summary = "The tenant's event history (NDJSON, resumable)", description = HISTORY_DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The page of events",
            content = @Content(mediaType = TenantHistory.NDJSON),
            headers = @Header(name = TenantHistory.NEXT_CURSOR, description = "The `after` of the next page"))
    public ResponseEntity<StreamingResponseBody> history(
            @Parameter(description = "Occurred at or after (ISO-8601 instant)") @RequestParam(required = false) String from,
            @Parameter(description = "Occurred before (ISO-8601 instant)") @RequestParam(required = false) String to,
            @Parameter(description = "Only this aggregate's events") @RequestParam(required = false) String aggregateId,
            @Parameter(description = "Event names, e.g. LeadStatusChanged (repeatable)")
            @RequestParam(name = "type", required = false) List<String> types,
            @Parameter(description = "Resume after this position (exclusive)") @RequestParam(required = false) Long after,
            @Parameter(description = "At most this many lines (1-5000, default 1000)")
            @RequestParam(required = false) Integer limit) {
        TenantId tenantId = TenantContext.requireTenantId();
        return history.stream(tenantId, TenantHistory.filter(from, to, aggregateId, types),
                TenantHistory.after(after), TenantHistory.limit(limit));
    }

    @GetMapping(path = "/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The tenant's state as of an instant",
            description = """
                    Replays only this tenant's events that occurred up to and including `at`, without touching any \
                    read model: configuration and plan, status, users and roles, leads held with status, assignee, \
                    tags, consent per number and call counts, and usage (leads, users, AI agents and recording bytes \
                    held; calls started in the billing month holding `at`). 404 before the tenant existed.""")
    public TenantStateAt state(
            @Parameter(description = "ISO-8601 instant", example = "2026-11-24T15:00:00Z") @RequestParam(required = false)
            String at) {
        TenantId tenantId = TenantContext.requireTenantId();
        Instant instant = TenantHistory.requiredInstant("at", at);
        return history.stateAt(tenantId, instant)
                .orElseThrow(() -> ProblemException.notFound("tenant state at " + instant, tenantId.value()));
    }

    @GetMapping(path = "/leads/{leadId}/status-changes", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Who changed a lead's status, when, from what to what",
            description = "Every LeadStatusChanged of the lead, oldest first, with the actor (actorId, actorType) "
                    + "from the event's metadata. 404 for a lead the tenant never had.")
    public LeadStatusChanges statusChanges(@PathVariable String leadId) {
        return history.statusChangesOf(TenantContext.requireTenantId(), leadId);
    }
}
