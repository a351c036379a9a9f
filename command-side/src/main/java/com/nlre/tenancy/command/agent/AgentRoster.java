package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which AI agents of each tenant may place calls, in {@code tenant_ai_agents}: a subscribing processor
 * ({@value #PROCESSING_GROUP}) whose failures fail the command (see {@link AgentConfiguration}), so the table changes
 * in the same transaction as the agent's events and a call is never logged for an agent retired before it. Every
 * query names its tenant.
 */
@Component
@ProcessingGroup(AgentRoster.PROCESSING_GROUP)
public class AgentRoster {

    public static final String PROCESSING_GROUP = "ai-agent-roster";

    private final JdbcTemplate jdbc;

    public AgentRoster(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AiAgentRegistered event) {
        jdbc.update("delete from tenant_ai_agents where tenant_id = ? and agent_id = ?", event.tenantId().value(),
                event.agentId().value());
        jdbc.update("insert into tenant_ai_agents (tenant_id, agent_id) values (?, ?)", event.tenantId().value(),
                event.agentId().value());
    }

    @EventHandler
    void on(AiAgentRetired event) {
        jdbc.update("delete from tenant_ai_agents where tenant_id = ? and agent_id = ?", event.tenantId().value(),
                event.agentId().value());
    }

    /** Whether the tenant has this agent and has not retired it. */
    public boolean isActive(TenantId tenantId, AgentId agentId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select count(*) > 0 from tenant_ai_agents where tenant_id = ? and agent_id = ?", Boolean.class,
                tenantId.value(), agentId.value()));
    }
}
