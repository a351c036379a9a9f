package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.InstantParameter;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The access audit trail: a tenant's auditors read their own tenant's (tenant from the credential), operators any
 * tenant's or all of them.
 */
@RestController
@Tag(name = "Access audit", description = "Every authenticated request of both services: who, which route and "
        + "resources, how it ended, when")
public class AccessAuditController {

    static final String TENANT_ROUTE = "/api/v1/audit/access";
    static final String OPERATOR_ROUTE = "/api/v1/operator/access-audit";
    private static final int MAX_FILTER_LENGTH = 200;
    private static final String RECORDED = """
            One record per authenticated request of the command and query side, newest first: time, tenant, actor \
            (user id, API key id or operator name, and actorType user, api_key or operator), method, the route \
            pattern (never the path or query string), resourceIds (the route's path variables; a phone number is \
            recorded as a keyed pseudonym hmac:…), status and outcome (succeeded, denied, not_found, rejected, \
            failed), correlationId and service. Records are append-only; those of the command side arrive through \
            Kafka a moment after the request.""";

    private final AccessAuditLog accessAudit;

    public AccessAuditController(AccessAuditLog accessAudit) {
        this.accessAudit = accessAudit;
    }

    @GetMapping(path = TENANT_ROUTE, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('PERM_audit.read')")
    @SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
    @SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
    @Operation(summary = "The caller's tenant's access audit trail, cursor-paginated",
            description = "Needs permission audit.read. " + RECORDED, responses = {
            @ApiResponse(responseCode = "200", description = "One page of records"),
            @ApiResponse(responseCode = "400", description = "Invalid from, to, actorId, route, resourceId, limit or "
                    + "cursor", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing audit.read, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public AccessAuditPage tenantTrail(
            @Parameter(description = "At or after this instant (ISO-8601)") @RequestParam(required = false)
            @Nullable String from,
            @Parameter(description = "Before this instant (ISO-8601)") @RequestParam(required = false)
            @Nullable String to,
            @Parameter(description = "Only this actor's requests (user id or API key id)")
            @RequestParam(required = false) @Nullable String actorId,
            @Parameter(description = "Only this route pattern, e.g. /api/v1/leads/{leadId}")
            @RequestParam(required = false) @Nullable String route,
            @Parameter(description = "Only requests about this resource id (any path variable; a phone number is "
                    + "matched by its pseudonym)") @RequestParam(required = false) @Nullable String resourceId,
            @Parameter(description = "Records per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor) {
        TenantId tenantId = TenantContext.requireTenantId();
        return accessAudit.list(tenantId, query(from, to, actorId, route, resourceId),
                new CursorParameters(limit, cursor));
    }

    @GetMapping(path = OPERATOR_ROUTE, produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
    @Operation(summary = "Any tenant's access audit trail, or every tenant's (operators), cursor-paginated",
            description = RECORDED + " Operator requests that name no tenant are in the security audit log.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of records"),
                    @ApiResponse(responseCode = "400", description = "Invalid tenantId, from, to, actorId, route, "
                            + "resourceId, limit or cursor",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public AccessAuditPage operatorTrail(
            @Parameter(description = "Only this tenant's records; absent for every tenant's")
            @RequestParam(required = false) @Nullable String tenantId,
            @Parameter(description = "At or after this instant (ISO-8601)") @RequestParam(required = false)
            @Nullable String from,
            @Parameter(description = "Before this instant (ISO-8601)") @RequestParam(required = false)
            @Nullable String to,
            @Parameter(description = "Only this actor's requests") @RequestParam(required = false)
            @Nullable String actorId,
            @Parameter(description = "Only this route pattern") @RequestParam(required = false) @Nullable String route,
            @Parameter(description = "Only requests about this resource id") @RequestParam(required = false)
            @Nullable String resourceId,
            @Parameter(description = "Records per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor) {
        AccessAuditQuery query = query(from, to, actorId, route, resourceId);
        CursorParameters paging = new CursorParameters(limit, cursor);
        if (tenantId == null || tenantId.isBlank()) {
            return accessAudit.listAcrossTenants(query, paging);
        }
        if (!TenantId.isValid(tenantId.strip())) {
            throw ProblemException.invalidParameter("tenantId", "is not a tenant id");
        }
        return accessAudit.list(new TenantId(tenantId.strip()), query, paging);
    }

    private static AccessAuditQuery query(@Nullable String from, @Nullable String to, @Nullable String actorId,
                                          @Nullable String route, @Nullable String resourceId) {
        Instant fromInstant = InstantParameter.parse("from", from);
        Instant toInstant = InstantParameter.parse("to", to);
        InstantParameter.checkRange(fromInstant, toInstant, "from", "to");
        return new AccessAuditQuery(fromInstant, toInstant, text("actorId", actorId), text("route", route),
                text("resourceId", resourceId));
    }

    @Nullable
    private static String text(String parameter, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw ProblemException.invalidParameter(parameter, "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value.strip();
    }
}
