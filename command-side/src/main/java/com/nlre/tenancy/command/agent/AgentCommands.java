package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of an AI agent's life. Each names its tenant and agent. */
public final class AgentCommands {

    private AgentCommands() {
    }

    /** Commands addressed to one tenant's AI agent; the aggregate id is derived from both. */
    public interface AgentCommand {
        TenantId tenantId();

        AgentId agentId();

        @TargetAggregateIdentifier
        default String aggregateId() {
            return AgentKeys.aggregateId(tenantId(), agentId());
        }
    }

    /** The configuration of an agent, as a tenant sets it. */
    public record AgentSettings(String name, String purpose, String voice, String language) {
    }

    public record RegisterAiAgent(TenantId tenantId, AgentId agentId, AgentSettings settings) implements AgentCommand {
    }

    /** Replaces the agent's whole configuration. */
    public record UpdateAiAgent(TenantId tenantId, AgentId agentId, AgentSettings settings) implements AgentCommand {
    }

    public record RetireAiAgent(TenantId tenantId, AgentId agentId) implements AgentCommand {
    }
}
