package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.query.audit.CrossTenantAttempts;
import com.nlre.tenancy.query.audit.TenantResource;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's API keys (issuing and revoking are commands). Needs permission {@code users.manage}. The
 * tenant comes only from the credential; an id of another tenant is answered exactly like an unknown id, and recorded
 * as a cross-tenant attempt.
 */
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "The API keys of the caller's tenant: prefix and last four only, never a key")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
@PreAuthorize("hasAuthority('PERM_users.manage')")
public class ApiKeyQueryController {

    private final ApiKeyReadModel keys;
    private final ConsistencyWaiter consistency;
    private final CrossTenantAttempts crossTenantAttempts;

    public ApiKeyQueryController(ApiKeyReadModel keys, ConsistencyWaiter consistency,
                                 CrossTenantAttempts crossTenantAttempts) {
        this.keys = keys;
        this.consistency = consistency;
        this.crossTenantAttempts = crossTenantAttempts;
    }

    @GetMapping
    @Operation(summary = "The tenant's API keys, newest first", description = """
            Needs permission users.manage. Status (active, revoked, expired) and rotationDue (active and older than \
            90 days) are computed at the time of the answer. Last use is not tracked here.""", responses = {
            @ApiResponse(responseCode = "200", description = "One page of keys",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid status, page, size or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing users.manage, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ApiKeyPage list(
            @Parameter(description = "active, revoked or expired", schema = @Schema(allowableValues = {
                    "active", "revoked", "expired"}))
            @RequestParam(required = false) @Nullable String status,
            @Parameter(description = "Zero-based page number")
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 100")
            @RequestParam(defaultValue = "20") int size,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        ApiKeyStatus statusFilter = status == null || status.isBlank() ? null : ApiKeyStatus.parse(status)
                .orElseThrow(() -> ProblemException.invalidParameter("status", "must be one of active, revoked, expired"));
        PageParameters paging = new PageParameters(page, size);
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        return keys.list(caller.tenantId(), statusFilter, paging);
    }

    @GetMapping("/{keyId}")
    @Operation(summary = "One API key of the tenant", description = """
            Needs permission users.manage. An id of another tenant is answered exactly like an unknown id.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The key",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing users.manage, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No key with this id in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ApiKeyView get(
            @PathVariable String keyId,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        if (!ApiKeyId.isValid(keyId)) {
            throw ProblemException.notFound(TenantResource.API_KEY.displayName(), keyId);
        }
        ApiKeyId id = new ApiKeyId(keyId);
        return keys.find(caller.tenantId(), id).orElseThrow(() ->
                crossTenantAttempts.notFound(TenantResource.API_KEY, keyId, () -> keys.tenantHolding(id)));
    }
}
