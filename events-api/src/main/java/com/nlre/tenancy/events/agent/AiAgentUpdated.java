package com.nlre.tenancy.events.agent;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The AI agent's whole configuration was replaced; fields as in {@link AiAgentRegistered}. */
@Revision("1")
public record AiAgentUpdated(TenantId tenantId, AgentId agentId, String name, String purpose, String voice,
                             String language, Instant updatedAt) implements TenantEvent {
}
