package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.audit.CrossTenantAttempts;
import com.nlre.tenancy.query.audit.TenantResource;
import com.nlre.tenancy.query.call.CallPage;
import com.nlre.tenancy.query.call.CallReadModel;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.CursorParameters;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's leads. The tenant comes only from the credential ({@link TenantContext}); a lead id the
 * tenant does not have (or has deleted) is answered 404, exactly like an id that exists nowhere, and when another
 * tenant holds the id the attempt is recorded.
 */
@RestController
@RequestMapping(path = "/api/v1/leads", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Leads", description = "The leads of the caller's tenant: pipeline, consent and call history")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class LeadQueryController {

    private final LeadReadModel leads;
    private final CallReadModel calls;
    private final ConsistencyWaiter consistency;
    private final CrossTenantAttempts crossTenantAttempts;

    public LeadQueryController(LeadReadModel leads, CallReadModel calls, ConsistencyWaiter consistency,
                               CrossTenantAttempts crossTenantAttempts) {
        this.leads = leads;
        this.calls = calls;
        this.consistency = consistency;
        this.crossTenantAttempts = crossTenantAttempts;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('PERM_leads.read')")
    @Operation(summary = "The tenant's leads, filtered, sorted and cursor-paginated; deleted leads are left out",
            description = """
                    Needs permission leads.read. Filters combine. Pages follow each other through nextCursor: pass \
                    it back as cursor with the same filters and sort; a page never repeats or skips a lead because \
                    others were added meanwhile. Consent evidence in lists leaves out sourceIp (see the lead \
                    detail).""", responses = {
            @ApiResponse(responseCode = "200", description = "One page of leads",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid filter, sort, limit, cursor or consistency "
                    + "token; errors[].field names it", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing leads.read, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public LeadPage list(
            @Parameter(description = "Pipeline stage", schema = @Schema(allowableValues = {"new", "contacted",
                    "qualified", "under_contract", "closed_won", "closed_lost"}))
            @RequestParam(required = false) @Nullable String status,
            @Parameter(description = "Leads carrying this tag")
            @RequestParam(required = false) @Nullable String tag,
            @Parameter(description = "Leads assigned to this user id; none for unassigned leads")
            @RequestParam(required = false) @Nullable String assignee,
            @Parameter(description = "Created at or after this instant (ISO-8601)")
            @RequestParam(required = false) @Nullable String createdFrom,
            @Parameter(description = "Created before this instant (ISO-8601)")
            @RequestParam(required = false) @Nullable String createdTo,
            @Parameter(description = "Text found, case-insensitively and literally, in the name or property address; "
                    + "at most 200 characters")
            @RequestParam(required = false) @Nullable String q,
            @Parameter(description = "createdAt, -createdAt (default: newest first), name or -name; ties by leadId",
                    schema = @Schema(allowableValues = {"-createdAt", "createdAt", "name", "-name"},
                            defaultValue = LeadOrder.DEFAULT))
            @RequestParam(required = false) @Nullable String sort,
            @Parameter(description = "Leads per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        LeadFilter filter = LeadFilter.parse(status, tag, assignee, createdFrom, createdTo, q);
        LeadOrder order = LeadOrder.parse(sort);
        CursorParameters paging = new CursorParameters(limit, cursor);
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        return leads.list(tenantId, filter, order, paging);
    }

    @GetMapping("/pipeline")
    @PreAuthorize("hasAnyAuthority('PERM_analytics.view', 'PERM_leads.read')")
    @Operation(summary = "How many of the tenant's leads are at each pipeline stage",
            description = "Needs permission analytics.view or leads.read. Deleted leads are not counted.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Counts per stage, every stage listed",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing analytics.view and leads.read, or the "
                            + "tenant is canceled", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public PipelineView pipeline(
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        return leads.pipeline(tenantId);
    }

    @GetMapping("/{leadId}")
    @PreAuthorize("hasAuthority('PERM_leads.read')")
    @Operation(summary = "One lead with its consent evidence and its " + LeadDetail.RECENT_CALLS + " latest calls",
            description = """
                    Needs permission leads.read. recentCalls include calls a compliance rule refused (blocked: true, \
                    with the rule). A deleted lead, and an id of another tenant, are answered exactly like an \
                    unknown id.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The lead",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing leads.read, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No lead with this id in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public LeadDetail get(
            @PathVariable String leadId,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        LeadId id = leadIdOrNotFound(leadId);
        LeadView lead = leads.find(tenantId, id).orElseThrow(() -> notFound(tenantId, leadId, id));
        return new LeadDetail(lead, calls.recent(tenantId, id, LeadDetail.RECENT_CALLS));
    }

    @GetMapping("/{leadId}/calls")
    @PreAuthorize("hasAuthority('PERM_leads.read')")
    @Operation(summary = "The lead's calls, newest first, blocked ones included, cursor-paginated",
            description = """
                    Needs permission leads.read. A deleted lead, and an id of another tenant, are answered exactly \
                    like an unknown id.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of the lead's calls",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Invalid limit, cursor or consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing leads.read, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No lead with this id in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public CallPage calls(
            @PathVariable String leadId,
            @Parameter(description = "Calls per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        CursorParameters paging = new CursorParameters(limit, cursor);
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        LeadId id = leadIdOrNotFound(leadId);
        if (!leads.exists(tenantId, id)) {
            throw notFound(tenantId, leadId, id);
        }
        return calls.forLead(tenantId, id, paging);
    }

    private static LeadId leadIdOrNotFound(String leadId) {
        if (!LeadId.isValid(leadId)) {
            throw ProblemException.notFound(TenantResource.LEAD.displayName(), leadId);
        }
        return new LeadId(leadId);
    }

    private ProblemException notFound(TenantId tenantId, String asked, LeadId id) {
        return crossTenantAttempts.notFound(TenantResource.LEAD, asked, () -> leads.tenantHolding(tenantId, id));
    }
}
