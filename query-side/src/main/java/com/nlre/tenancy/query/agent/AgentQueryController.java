package com.nlre.tenancy.query.agent;

import com.nlre.tenancy.events.agent.AgentId;
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
 * The caller's tenant's AI agents. The tenant comes only from the credential ({@link TenantContext}); an id of another
 * tenant is answered exactly like an unknown id, and recorded as a cross-tenant attempt. Readable by whoever works
 * leads (who picks the agent a call is logged for) and by whoever configures agents.
 */
@RestController
@RequestMapping(path = "/api/v1/agents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "AI agents", description = "The AI agents of the caller's tenant")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class AgentQueryController {

    private static final String READ = "hasAnyAuthority('PERM_leads.read', 'PERM_settings.edit')";

    private final AgentReadModel agents;
    private final ConsistencyWaiter consistency;
    private final CrossTenantAttempts crossTenantAttempts;

    public AgentQueryController(AgentReadModel agents, ConsistencyWaiter consistency,
                                CrossTenantAttempts crossTenantAttempts) {
        this.agents = agents;
        this.consistency = consistency;
        this.crossTenantAttempts = crossTenantAttempts;
    }

    @GetMapping
    @PreAuthorize(READ)
    @Operation(summary = "The tenant's AI agents, oldest first; active ones unless status=retired is asked for",
            description = "Needs permission leads.read or settings.edit.", responses = {
            @ApiResponse(responseCode = "200", description = "One page of agents",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid status, page, size or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing permission, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public AgentPage list(
            @Parameter(description = "active (the default) or retired", schema = @Schema(allowableValues = {
                    "active", "retired"}))
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
        AgentStatus statusFilter = status == null || status.isBlank() ? AgentStatus.ACTIVE
                : AgentStatus.parse(status).orElseThrow(() ->
                ProblemException.invalidParameter("status", "must be one of active, retired"));
        PageParameters paging = new PageParameters(page, size);
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        return agents.list(caller.tenantId(), statusFilter, paging);
    }

    @GetMapping("/{agentId}")
    @PreAuthorize(READ)
    @Operation(summary = "One AI agent of the tenant, retired or not", description = """
            Needs permission leads.read or settings.edit. An id of another tenant is answered exactly like an \
            unknown id.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The agent",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing permission, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No agent with this id in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public AgentView get(
            @PathVariable String agentId,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        if (!AgentId.isValid(agentId)) {
            throw ProblemException.notFound(TenantResource.AGENT.displayName(), agentId);
        }
        AgentId id = new AgentId(agentId);
        return agents.find(caller.tenantId(), id).orElseThrow(() -> crossTenantAttempts.notFound(TenantResource.AGENT,
                agentId, () -> agents.tenantHolding(caller.tenantId(), id)));
    }
}
