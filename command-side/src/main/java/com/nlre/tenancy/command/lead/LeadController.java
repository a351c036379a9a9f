package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.agent.AgentRoster;
import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore.UserCredential;
import com.nlre.tenancy.command.lead.LeadCommands.AddLead;
import com.nlre.tenancy.command.lead.LeadCommands.AssignLead;
import com.nlre.tenancy.command.lead.LeadCommands.ChangeLeadStatus;
import com.nlre.tenancy.command.lead.LeadCommands.DeleteLead;
import com.nlre.tenancy.command.lead.LeadCommands.LogCall;
import com.nlre.tenancy.command.lead.LeadCommands.RecordConsent;
import com.nlre.tenancy.command.lead.LeadCommands.RevokeConsent;
import com.nlre.tenancy.command.lead.LeadCommands.TagLead;
import com.nlre.tenancy.command.lead.LeadCommands.UntagLead;
import com.nlre.tenancy.command.lead.LeadCommands.UpdateLeadContact;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.RandomIds;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The caller's tenant's leads: pipeline, consent and calls. The tenant is always the caller's own (from the
 * credential); a lead id is looked up only within it, so another tenant's lead is answered 404 exactly like an unknown
 * one, and two tenants may use the same lead id. Reads are served by the query side.
 */
@RestController
@RequestMapping("/api/v1/leads")
@Tag(name = "Leads", description = "Leads, their pipeline status, consent and calls (TCPA-checked)")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class LeadController {

    /** Problem type slug of a call refused by a compliance rule ({@code urn:nlre:problem:call-blocked}). */
    public static final String CALL_BLOCKED = "call-blocked";

    private static final String LEADS_WRITE = "hasAuthority('PERM_leads.write')";
    private static final String CALLS_INITIATE = "hasAuthority('PERM_calls.initiate')";

    private final CommandDispatcher dispatcher;
    private final JdbcCredentialStore credentials;
    private final AgentRoster agents;
    private final Clock clock;

    public LeadController(CommandDispatcher dispatcher, JdbcCredentialStore credentials, AgentRoster agents,
                          Clock clock) {
        this.dispatcher = dispatcher;
        this.credentials = credentials;
        this.agents = agents;
        this.clock = clock;
    }

    /**
     * @param leadId   optional; unique within the tenant (e.g. the lead's id in the client's CRM), generated when
     *                 left out
     * @param timezone the lead's IANA zone when known; calling windows are evaluated in it
     */
    public record AddLeadRequest(String leadId, LeadContact contact, String timezone, String source, Set<String> tags) {
    }

    public record AddedLead(String leadId, String consistencyToken) {
    }

    public record ContactRequest(LeadContact contact, String timezone) {
    }

    public record StatusRequest(LeadStatus status) {
    }

    /** @param userId an active user of the tenant; null unassigns */
    public record AssigneeRequest(String userId) {
    }

    public record TagRequest(String tag) {
    }

    public record ConsentRequest(String phone, ConsentEvidence evidence) {
    }

    /**
     * @param callId         optional; generated when left out
     * @param agentId        who placed or took the call: an active user of the tenant ({@code user_…}) or one of its
     *                       active AI agents; the calling user when left out (required for API keys)
     * @param startedAt      when the call started; now when left out; never in the future
     * @param recorded       whether the call is recorded; allowed only when the plan and the tenant's configuration
     *                       allow it
     * @param recordingBytes the size of the recording in bytes (1 to 1 GiB): required when recorded, left out
     *                       otherwise; counts against the plan's storage
     */
    public record CallRequest(String callId, CallDirection direction, String phone, String agentId, Instant startedAt,
                              Integer durationSeconds, CallOutcome outcome, String notes, Boolean recorded,
                              Boolean transcribed, Long recordingBytes) {
    }

    public record LoggedCall(String callId, String consistencyToken) {
    }

    @Operation(summary = "Add a lead (leads.write)",
            description = "Answers 201 with the lead id. Numbers are normalised to E.164 (bare 10 digits are US). "
                    + "A `leadId` already used in this tenant answers 409; other tenants' ids do not matter.")
    @PreAuthorize(LEADS_WRITE)
    @IdempotentCreation
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AddedLead> add(@RequestBody AddLeadRequest request) {
        TenantPrincipal caller = TenantContext.require();
        LeadId leadId = request.leadId() == null ? LeadId.generate() : LeadRules.validLeadId(request.leadId());
        ConsistencyToken token;
        try {
            token = dispatcher.dispatch(caller.tenantId(), LeadKeys.aggregateId(caller.tenantId(), leadId),
                    new AddLead(caller.tenantId(), leadId, request.contact(), request.timezone(), request.source(),
                            request.tags()), Actor.of(caller));
        } catch (AggregateStreamCreationException e) {
            throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict",
                    "A lead with id '" + leadId.value() + "' already exists; nothing was stored.",
                    Map.of("leadId", leadId.value()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/leads/" + leadId.value()))
                .header(ConsistencyToken.HEADER, token.format())
                .body(new AddedLead(leadId.value(), token.format()));
    }

    @Operation(summary = "Replace a lead's contact details (leads.write)",
            description = "The whole contact and the lead's zone. Consent stays only for numbers the lead keeps.")
    @PreAuthorize(LEADS_WRITE)
    @PutMapping(path = "/{leadId}/contact", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> updateContact(@PathVariable String leadId,
                                                         @RequestBody ContactRequest request) {
        return change(leadId, (tenant, lead) -> new UpdateLeadContact(tenant, lead, request.contact(),
                request.timezone()));
    }

    @Operation(summary = "Move a lead along the pipeline (leads.write)",
            description = "new → contacted → qualified → under_contract → closed_won, closed_lost from any open "
                    + "stage, a step back from qualified or under_contract, and a closed lead reopened as contacted. "
                    + "Any other move answers 422 with rule `STATUS_TRANSITION_ALLOWED`.")
    @PreAuthorize(LEADS_WRITE)
    @PostMapping(path = "/{leadId}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> changeStatus(@PathVariable String leadId,
                                                        @RequestBody StatusRequest request) {
        return change(leadId, (tenant, lead) -> new ChangeLeadStatus(tenant, lead, request.status()));
    }

    @Operation(summary = "Assign a lead to a user, or unassign it (leads.write)",
            description = "`userId` must be an active user of this tenant (422 rule "
                    + "`ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER`); null unassigns.")
    @PreAuthorize(LEADS_WRITE)
    @PutMapping(path = "/{leadId}/assignee", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> assign(@PathVariable String leadId, @RequestBody AssigneeRequest request) {
        TenantPrincipal caller = TenantContext.require();
        if (request.userId() != null) {
            requireActiveUser(caller.tenantId(), request.userId(), LeadRules.ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER,
                    "The assignee must be an active user of this tenant.");
        }
        return change(leadId, (tenant, lead) -> new AssignLead(tenant, lead, request.userId()));
    }

    @Operation(summary = "Tag a lead (leads.write)",
            description = "Tags are 1-40 lowercase letters, digits, '-' or '_'. Tagging twice changes nothing.")
    @PreAuthorize(LEADS_WRITE)
    @PostMapping(path = "/{leadId}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> tag(@PathVariable String leadId, @RequestBody TagRequest request) {
        return change(leadId, (tenant, lead) -> new TagLead(tenant, lead, request.tag()));
    }

    @Operation(summary = "Remove a tag from a lead (leads.write)",
            description = "Removing an absent tag changes nothing.")
    @PreAuthorize(LEADS_WRITE)
    @DeleteMapping(path = "/{leadId}/tags/{tag}")
    public ResponseEntity<CommandAccepted> untag(@PathVariable String leadId, @PathVariable String tag) {
        return change(leadId, (tenant, lead) -> new UntagLead(tenant, lead, tag));
    }

    @Operation(summary = "Delete a lead (leads.write)",
            description = "A soft delete: the lead leaves the pipeline and can no longer change or be called; its "
                    + "history stays. Erasing personal data is a GDPR request.")
    @PreAuthorize(LEADS_WRITE)
    @DeleteMapping(path = "/{leadId}")
    public ResponseEntity<CommandAccepted> delete(@PathVariable String leadId) {
        return change(leadId, DeleteLead::new);
    }

    @Operation(summary = "Record written consent for one of the lead's numbers (leads.write)",
            description = "Prior express written consent (TCPA) with its evidence: when it was given, how, the "
                    + "version of the consent text, and where from. The number must be one of the lead's.")
    @PreAuthorize(LEADS_WRITE)
    @IdempotentCreation
    @PostMapping(path = "/{leadId}/consents", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> recordConsent(@PathVariable String leadId,
                                                         @RequestBody ConsentRequest request) {
        return change(leadId, (tenant, lead) -> new RecordConsent(tenant, lead, request.phone(), request.evidence()));
    }

    @Operation(summary = "Revoke the consent of one of the lead's numbers (leads.write)",
            description = "Calls to the number are refused from now on where written consent is required. "
                    + "A number without consent answers 422 `CONSENT_MUST_EXIST_TO_BE_REVOKED`.")
    @PreAuthorize(LEADS_WRITE)
    @DeleteMapping(path = "/{leadId}/consents/{phone}")
    public ResponseEntity<CommandAccepted> revokeConsent(@PathVariable String leadId, @PathVariable String phone) {
        return change(leadId, (tenant, lead) -> new RevokeConsent(tenant, lead, phone));
    }

    @Operation(summary = "Log a call with a lead (calls.initiate)",
            description = "Checked first against the tenant's TCPA rules, in order: written consent, the tenant's "
                    + "and the platform's do-not-call lists, the calling window in the lead's zone (else the "
                    + "tenant's), the longest call allowed, recording. An allowed call answers 201. A refused call "
                    + "answers 422 `urn:nlre:problem:call-blocked` with the `rule` and `callId`, and is still "
                    + "recorded (as CallBlocked, with its own `X-Consistency-Token`) as compliance evidence. "
                    + "`agentId` names an active user (else 422 `AGENT_MUST_BE_ACTIVE_TENANT_USER`) or an active AI "
                    + "agent of the tenant (else 422 `AGENT_MUST_BE_ACTIVE_AI_AGENT`). A recorded call states "
                    + "`recordingBytes`, which counts against the plan's storage: beyond it, 429 `quota-exceeded` "
                    + "with quota `storage` (limit and use in bytes). A logged call beyond the month's calls answers "
                    + "429 with quota `calls`.")
    @PreAuthorize(CALLS_INITIATE)
    @IdempotentCreation
    @PostMapping(path = "/{leadId}/calls", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> logCall(@PathVariable String leadId, @RequestBody CallRequest request) {
        TenantPrincipal caller = TenantContext.require();
        LeadId lead = existing(leadId);
        String callId = request.callId() == null ? "call_" + RandomIds.next(16)
                : LeadRules.validCallId(request.callId());
        int duration = ValueRules.required("durationSeconds", request.durationSeconds());
        LogCall command = new LogCall(caller.tenantId(), lead, callId, request.direction(), request.phone(),
                agentOf(caller, request.agentId()), request.startedAt() == null ? clock.instant() : request.startedAt(),
                duration, request.outcome(), request.notes(), Boolean.TRUE.equals(request.recorded()),
                Boolean.TRUE.equals(request.transcribed()), request.recordingBytes());
        String aggregateId = LeadKeys.aggregateId(caller.tenantId(), lead);
        CallDecision decision = sendToExisting(leadId,
                () -> dispatcher.send(caller.tenantId(), command, Actor.of(caller)));
        ConsistencyToken token = dispatcher.tokenFor(caller.tenantId(), aggregateId);
        if (decision.allowed()) {
            return ResponseEntity.status(HttpStatus.CREATED).header(ConsistencyToken.HEADER, token.format())
                    .body(new LoggedCall(callId, token.format()));
        }
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.UNPROCESSABLE_ENTITY, CALL_BLOCKED, "Call blocked",
                decision.reason());
        problem.setProperty("rule", decision.rule());
        problem.setProperty("callId", callId);
        problem.setProperty("consistencyToken", token.format());
        return ResponseEntity.unprocessableEntity().header(ConsistencyToken.HEADER, token.format()).body(problem);
    }

    /** A command to an existing lead of the caller's tenant. */
    private ResponseEntity<CommandAccepted> change(String leadId,
                                                   BiFunction<TenantId, LeadId, Object> command) {
        TenantPrincipal caller = TenantContext.require();
        LeadId lead = existing(leadId);
        Object built = command.apply(caller.tenantId(), lead);
        ConsistencyToken token = sendToExisting(leadId, () -> dispatcher.dispatch(caller.tenantId(),
                LeadKeys.aggregateId(caller.tenantId(), lead), built, Actor.of(caller)));
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }

    /** The lead is looked up in the caller's tenant only: one that is not there is not found, whoever holds it. */
    private static <R> R sendToExisting(String leadId, Supplier<R> send) {
        try {
            return send.get();
        } catch (AggregateNotFoundException e) {
            throw ProblemException.notFound("resource", leadId);
        }
    }

    /** A malformed id names no lead: answered exactly like an unknown one. */
    private static LeadId existing(String leadId) {
        if (!LeadId.isValid(leadId)) {
            throw ProblemException.notFound("resource", leadId);
        }
        return new LeadId(leadId);
    }

    private String agentOf(TenantPrincipal caller, String requested) {
        if (requested == null) {
            if (caller.type() == PrincipalType.USER) {
                return caller.principalId();
            }
            throw new InvalidCommand(ValueRules.REQUIRED_VALUE, "agentId", "is required when an API key logs a call");
        }
        if (UserId.isValid(requested)) {
            requireActiveUser(caller.tenantId(), requested, LeadRules.AGENT_MUST_BE_ACTIVE_TENANT_USER,
                    "The agent must be an active user of this tenant.");
        } else if (!AgentId.isValid(requested) || !agents.isActive(caller.tenantId(), new AgentId(requested))) {
            throw new BusinessRuleViolation(LeadRules.AGENT_MUST_BE_ACTIVE_AI_AGENT,
                    "The agent must be an active user or an active AI agent of this tenant.");
        }
        return requested;
    }

    private void requireActiveUser(TenantId tenantId, String userId, String rule, String message) {
        boolean active = UserId.isValid(userId) && credentials.findUser(tenantId, new UserId(userId))
                .filter(UserCredential::active).isPresent();
        if (!active) {
            throw new BusinessRuleViolation(rule, message);
        }
    }
}
