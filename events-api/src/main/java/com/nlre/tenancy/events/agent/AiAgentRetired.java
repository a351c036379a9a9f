package com.nlre.tenancy.events.agent;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The AI agent was retired for good: it places no more calls and gives its unit of the agent limit back. */
@Revision("1")
public record AiAgentRetired(TenantId tenantId, AgentId agentId, Instant retiredAt) implements TenantEvent {
}
