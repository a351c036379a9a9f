package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator queries over the tenants read model. Security (role OPERATOR, HTTP Basic) is enforced by web-support's
 * operator chain; every read goes through the audited cross-tenant path.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tenants", description = "Platform operators' view of every tenant")
public class TenantQueryController {

    private final TenantReadModel tenants;
    private final ConsistencyWaiter consistency;

    public TenantQueryController(TenantReadModel tenants, ConsistencyWaiter consistency) {
        this.tenants = tenants;
        this.consistency = consistency;
    }

    @GetMapping("/{tenantId}")
    @Operation(summary = "One tenant", responses = {
            @ApiResponse(responseCode = "200", description = "The tenant",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No tenant with this id",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public TenantView get(
            @PathVariable String tenantId,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER, description = ApiDescriptions.CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        if (!TenantId.isValid(tenantId)) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        consistency.awaitIfRequested(consistencyToken).writeTo(response);
        return tenants.find(new TenantId(tenantId)).orElseThrow(() -> ProblemException.notFound("tenant", tenantId));
    }

    @GetMapping
    @Operation(summary = "Tenants, newest first, optionally filtered by status and plan", responses = {
            @ApiResponse(responseCode = "200", description = "One page of tenants",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid filter, page, size or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public TenantPage list(
            @Parameter(description = "active, suspended, canceled or offboarded", schema = @Schema(allowableValues = {
                    "active", "suspended", "canceled", "offboarded"}))
            @RequestParam(required = false) @Nullable String status,
            @Parameter(description = "free, starter, professional or enterprise", schema = @Schema(allowableValues = {
                    "free", "starter", "professional", "enterprise"}))
            @RequestParam(required = false) @Nullable String plan,
            @Parameter(description = "Zero-based page number")
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 100")
            @RequestParam(defaultValue = "20") int size,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER, description = ApiDescriptions.CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantStatus statusFilter = isBlank(status) ? null : TenantStatus.parse(status).orElseThrow(() ->
                ProblemException.invalidParameter("status", "must be one of active, suspended, canceled, offboarded"));
        Plan planFilter = isBlank(plan) ? null : Plan.parse(plan).orElseThrow(() ->
                ProblemException.invalidParameter("plan", "must be one of free, starter, professional, enterprise"));
        PageParameters paging = new PageParameters(page, size);
        consistency.awaitIfRequested(consistencyToken).writeTo(response);
        return tenants.list(statusFilter, planFilter, paging.page(), paging.size());
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
