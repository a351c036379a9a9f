package com.nlre.tenancy.query.agent;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** An AI agent of the caller's tenant: an automated caller it configured. */
@Schema(name = "AiAgent")
public record AgentView(
        String agentId,
        String name,
        @Schema(description = "What the agent is for, in the tenant's words") String purpose,
        @Schema(description = "The voice provider's voice id; null for the platform's default") String voice,
        @Schema(description = "BCP 47 tag of the language the agent speaks, e.g. en-US") String language,
        AgentStatus status,
        Instant registeredAt,
        Instant updatedAt,
        Instant retiredAt,
        @Schema(description = "Sequence number of the agent's last change; compare with a consistency token")
        long version) {
}
