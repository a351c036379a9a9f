package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.agent.AgentCommands.AgentSettings;
import com.nlre.tenancy.command.agent.AgentCommands.RegisterAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.RetireAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.UpdateAiAgent;
import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import java.util.Map;

/**
 * The caller's tenant's AI agents. The tenant is always the caller's own (from the credential); an agent id is looked
 * up only within it, so another tenant's agent is answered 404 exactly like an unknown one, and two tenants may use
 * the same agent id. Reads are served by the query side.
 */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "AI agents", description = "The tenant's automated callers, within the plan's agent limit")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class AgentController {

    private static final String SETTINGS_EDIT = "hasAuthority('PERM_settings.edit')";

    private final CommandDispatcher dispatcher;

    public AgentController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @param agentId  optional; unique within the tenant, generated when left out
     * @param purpose  what the agent is for, in the tenant's words
     * @param voice    the voice provider's voice id; the platform's default when left out
     * @param language BCP 47 tag of the language the agent speaks, e.g. en-US
     */
    public record RegisterAgentRequest(String agentId, String name, String purpose, String voice, String language) {
    }

    public record RegisteredAgent(String agentId, String consistencyToken) {
    }

    /** The agent's whole configuration; fields as when registering. */
    public record AgentSettingsRequest(String name, String purpose, String voice, String language) {
    }

    @Operation(summary = "Register an AI agent (settings.edit)",
            description = "Answers 201 with the agent id. Takes one unit of the plan's agent limit: beyond it, 429 "
                    + "`quota-exceeded` with quota `agents`. An `agentId` already used in this tenant (even by a "
                    + "retired agent) answers 409; other tenants' ids do not matter.")
    @PreAuthorize(SETTINGS_EDIT)
    @IdempotentCreation
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<RegisteredAgent> register(@RequestBody RegisterAgentRequest request) {
        TenantPrincipal caller = TenantContext.require();
        AgentId agentId = request.agentId() == null ? AgentId.generate() : AgentRules.validAgentId(request.agentId());
        ConsistencyToken token;
        try {
            token = dispatcher.dispatch(caller.tenantId(), AgentKeys.aggregateId(caller.tenantId(), agentId),
                    new RegisterAiAgent(caller.tenantId(), agentId, new AgentSettings(request.name(),
                            request.purpose(), request.voice(), request.language())), Actor.of(caller));
        } catch (AggregateStreamCreationException e) {
            throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict",
                    "An agent with id '" + agentId.value() + "' already exists; nothing was stored.",
                    Map.of("agentId", agentId.value()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/agents/" + agentId.value()))
                .header(ConsistencyToken.HEADER, token.format())
                .body(new RegisteredAgent(agentId.value(), token.format()));
    }

    @Operation(summary = "Replace an AI agent's configuration (settings.edit)",
            description = "A retired agent answers 422 `RETIRED_AGENT_IS_FINAL`.")
    @PreAuthorize(SETTINGS_EDIT)
    @PutMapping(path = "/{agentId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> update(@PathVariable String agentId,
                                                  @RequestBody AgentSettingsRequest request) {
        TenantPrincipal caller = TenantContext.require();
        AgentId agent = existing(agentId);
        return send(caller, agent, new UpdateAiAgent(caller.tenantId(), agent, new AgentSettings(request.name(),
                request.purpose(), request.voice(), request.language())));
    }

    @Operation(summary = "Retire an AI agent (settings.edit)",
            description = "For good: the agent places no more calls and its unit of the plan's agent limit is free "
                    + "again. Its history stays. Retiring it twice answers 422 `RETIRED_AGENT_IS_FINAL`.")
    @PreAuthorize(SETTINGS_EDIT)
    @DeleteMapping(path = "/{agentId}")
    public ResponseEntity<CommandAccepted> retire(@PathVariable String agentId) {
        TenantPrincipal caller = TenantContext.require();
        AgentId agent = existing(agentId);
        return send(caller, agent, new RetireAiAgent(caller.tenantId(), agent));
    }

    /** The agent is looked up in the caller's tenant only: one that is not there is not found, whoever holds it. */
    private ResponseEntity<CommandAccepted> send(TenantPrincipal caller, AgentId agent, Object command) {
        ConsistencyToken token;
        try {
            token = dispatcher.dispatch(caller.tenantId(), AgentKeys.aggregateId(caller.tenantId(), agent), command,
                    Actor.of(caller));
        } catch (AggregateNotFoundException e) {
            throw ProblemException.notFound("resource", agent.value());
        }
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }

    /** A malformed id names no agent: answered exactly like an unknown one. */
    private static AgentId existing(String agentId) {
        if (!AgentId.isValid(agentId)) {
            throw ProblemException.notFound("resource", agentId);
        }
        return new AgentId(agentId);
    }
}
