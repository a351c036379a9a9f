package com.nlre.tenancy.query.agent;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a tenant's AI agents, oldest first. */
@Schema(name = "AiAgentPage")
public record AgentPage(
        List<AgentView> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
