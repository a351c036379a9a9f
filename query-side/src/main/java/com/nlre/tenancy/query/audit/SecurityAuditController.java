package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Platform operators read the security audit log (operator chain, HTTP Basic, enforced by web-support). */
@RestController
@RequestMapping(path = "/api/v1/operator/security-audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Security audit", description = "Cross-tenant attempts and operator actions, for platform operators")
public class SecurityAuditController {

    private final SecurityAuditLog audit;

    public SecurityAuditController(SecurityAuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Security audit records, newest first", description = """
            Append-only: cross_tenant_attempt records (a tenant's caller asked for an id of another tenant and was \
            answered 404) and operator_action records (every request on an operator route, with its status).""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of records"),
                    @ApiResponse(responseCode = "400", description = "Invalid tenantId, kind, from, to, page or size",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public SecurityAuditPage list(
            @Parameter(description = "Only records where this tenant is the actor's or the target's")
            @RequestParam(required = false) @Nullable String tenantId,
            @Parameter(description = "cross_tenant_attempt or operator_action", schema = @Schema(allowableValues = {
                    "cross_tenant_attempt", "operator_action"}))
            @RequestParam(required = false) @Nullable String kind,
            @Parameter(description = "ISO-8601 instant, inclusive, e.g. 2026-01-31T00:00:00Z")
            @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "ISO-8601 instant, exclusive")
            @RequestParam(required = false) @Nullable String to,
            @Parameter(description = "Zero-based page number")
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 100")
            @RequestParam(defaultValue = "20") int size) {
        TenantId tenant = isBlank(tenantId) ? null : parseTenant(tenantId);
        SecurityAuditKind kindFilter = isBlank(kind) ? null : SecurityAuditKind.parse(kind).orElseThrow(() ->
                ProblemException.invalidParameter("kind", "must be one of cross_tenant_attempt, operator_action"));
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw ProblemException.invalidParameter("to", "must be after from");
        }
        return audit.list(tenant, kindFilter, fromInstant, toInstant, new PageParameters(page, size));
    }

    private static TenantId parseTenant(String value) {
        if (!TenantId.isValid(value)) {
            throw ProblemException.invalidParameter("tenantId", "must be a tenant id like tenant_abc123");
        }
        return new TenantId(value);
    }

    @Nullable
    private static Instant instant(String field, @Nullable String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(field, "must be an ISO-8601 instant like 2026-01-31T00:00:00Z");
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
