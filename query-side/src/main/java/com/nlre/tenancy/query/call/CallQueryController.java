package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.InstantParameter;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The caller's tenant's call history; the tenant comes only from the credential ({@link TenantContext}). */
@RestController
@RequestMapping(path = "/api/v1/calls", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Calls", description = "Calls with the caller's tenant's leads, logged and refused")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class CallQueryController {

    private static final int MAX_AGENT_ID = 64;

    private final CallReadModel calls;
    private final ConsistencyWaiter consistency;

    public CallQueryController(CallReadModel calls, ConsistencyWaiter consistency) {
        this.calls = calls;
        this.consistency = consistency;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('PERM_leads.read')")
    @Operation(summary = "The tenant's calls, newest first, blocked ones included, cursor-paginated",
            description = """
                    Needs permission leads.read. Narrow to one agent's call history with agentId, and to calls \
                    initiated in [from, to).""", responses = {
            @ApiResponse(responseCode = "200", description = "One page of calls",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid agentId, from, to, limit, cursor or "
                    + "consistency token", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing leads.read, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public CallPage list(
            @Parameter(description = "Only calls of this agent (a user id of the tenant)")
            @RequestParam(required = false) @Nullable String agentId,
            @Parameter(description = "Initiated at or after this instant (ISO-8601)")
            @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "Initiated before this instant (ISO-8601)")
            @RequestParam(required = false) @Nullable String to,
            @Parameter(description = "Calls per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        String agent = agentId == null || agentId.isBlank() ? null : agentId.strip();
        if (agent != null && agent.length() > MAX_AGENT_ID) {
            throw ProblemException.invalidParameter("agentId", "must be at most " + MAX_AGENT_ID + " characters");
        }
        Instant fromInstant = InstantParameter.parse("from", from);
        Instant toInstant = InstantParameter.parse("to", to);
        InstantParameter.checkRange(fromInstant, toInstant, "from", "to");
        CursorParameters paging = new CursorParameters(limit, cursor);
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        return calls.list(tenantId, agent, fromInstant, toInstant, paging);
    }
}
