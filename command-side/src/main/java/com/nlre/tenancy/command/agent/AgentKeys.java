package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.tenant.TenantId;

/**
 * Agent ids are unique only within a tenant, aggregate ids across the whole event store: an agent's aggregate id is
 * its tenant id and agent id joined by a dot, which neither may contain.
 */
public final class AgentKeys {

    private AgentKeys() {
    }

    public static String aggregateId(TenantId tenantId, AgentId agentId) {
        return tenantId.value() + "." + agentId.value();
    }
}
