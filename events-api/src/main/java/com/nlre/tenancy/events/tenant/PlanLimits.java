package com.nlre.tenancy.events.tenant;

/**
 * The limits a tenant's plan grants. A {@code null} limit means unlimited.
 *
 * @param maxLeads  leads the tenant may hold
 * @param maxCalls  AI calls per billing period
 * @param maxAgents AI agents
 * @param maxUsers  tenant users
 * @param storageGb storage in GB
 */
public record PlanLimits(Long maxLeads, Long maxCalls, Integer maxAgents, Integer maxUsers, Integer storageGb) {

    public static final PlanLimits UNLIMITED = new PlanLimits(null, null, null, null, null);
}
