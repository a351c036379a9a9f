package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.command.agent.AgentCommands.AgentSettings;
import com.nlre.tenancy.command.agent.AgentCommands.RegisterAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.RetireAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.UpdateAiAgent;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.Quotas;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An AI agent: an automated caller a tenant configures. Holds one unit of the plan's agent limit from its registration
 * to its retirement. Decides whether it may still change; keeps only that (and whose it is).
 */
@Aggregate
public class AiAgent {

    @AggregateIdentifier
    private String id;
    private TenantId tenantId;
    private AgentId agentId;
    private boolean retired;

    protected AiAgent() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public AiAgent(RegisterAiAgent command, Quotas quotas, Clock clock) {
        AgentSettings settings = AgentRules.validSettings(command.settings());
        quotas.reserve(command.tenantId(), Meter.AGENTS, clock.instant());
        apply(new AiAgentRegistered(command.tenantId(), command.agentId(), settings.name(), settings.purpose(),
                settings.voice(), settings.language(), clock.instant()));
    }

    @CommandHandler
    public void handle(UpdateAiAgent command, Clock clock) {
        AgentRules.retiredAgentIsFinal(retired);
        AgentSettings settings = AgentRules.validSettings(command.settings());
        apply(new AiAgentUpdated(tenantId, agentId, settings.name(), settings.purpose(), settings.voice(),
                settings.language(), clock.instant()));
    }

    @CommandHandler
    public void handle(RetireAiAgent command, Quotas quotas, Clock clock) {
        AgentRules.retiredAgentIsFinal(retired);
        quotas.release(tenantId, Meter.AGENTS, clock.instant());
        apply(new AiAgentRetired(tenantId, agentId, clock.instant()));
    }

    @EventSourcingHandler
    void on(AiAgentRegistered event) {
        id = AgentKeys.aggregateId(event.tenantId(), event.agentId());
        tenantId = event.tenantId();
        agentId = event.agentId();
    }

    @EventSourcingHandler
    void on(AiAgentRetired event) {
        retired = true;
    }
}
