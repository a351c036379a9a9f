package com.nlre.tenancy.events.agent;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant registered an AI agent: an automated caller it configures (not a user). It takes one unit of the
 * plan's agent limit until it is retired.
 *
 * @param purpose  what the agent is for, in the tenant's words (e.g. "qualify inbound sellers")
 * @param voice    the voice it speaks with, as the voice provider names it; null for the platform's default
 * @param language the BCP 47 tag of the language it speaks, e.g. {@code en-US}
 */
@Revision("1")
public record AiAgentRegistered(TenantId tenantId, AgentId agentId, String name, String purpose, String voice,
                                String language, Instant registeredAt) implements TenantEvent {
}
