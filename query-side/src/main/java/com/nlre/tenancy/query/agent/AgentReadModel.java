package com.nlre.tenancy.query.agent;

import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.PageParameters;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static com.nlre.tenancy.query.agent.AgentDocuments.AGENT_ID;
import static com.nlre.tenancy.query.agent.AgentDocuments.COLLECTION;
import static com.nlre.tenancy.query.agent.AgentDocuments.ID;
import static com.nlre.tenancy.query.agent.AgentDocuments.REGISTERED_AT;
import static com.nlre.tenancy.query.agent.AgentDocuments.STATUS;
import static com.nlre.tenancy.query.agent.AgentDocuments.TENANT_ID;

/**
 * Reads of the AI agents read model. Everything a tenant sees is read through {@link TenantScopedMongo}; only
 * {@link #tenantHolding(AgentId)}, the probe after a miss, reads across tenants.
 */
@Component
public class AgentReadModel {

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo crossTenant;

    public AgentReadModel(TenantScopedMongo mongo, CrossTenantMongo crossTenant) {
        this.mongo = mongo;
        this.crossTenant = crossTenant;
    }

    /** The tenant's agent, retired or not. */
    public Optional<AgentView> find(TenantId tenantId, AgentId agentId) {
        return mongo.findOne(tenantId, COLLECTION, new Document(ID, AgentDocuments.id(tenantId, agentId)))
                .map(AgentDocuments::toView);
    }

    /** The tenant's agents with {@code status}, oldest first (ties by agent id). */
    public AgentPage list(TenantId tenantId, AgentStatus status, PageParameters paging) {
        Document filter = new Document(STATUS, status.wireName());
        long total = mongo.count(tenantId, COLLECTION, filter);
        List<AgentView> items = mongo.find(tenantId, COLLECTION, filter,
                        new Document(REGISTERED_AT, 1).append(AGENT_ID, 1), paging.skip(), paging.size()).stream()
                .map(AgentDocuments::toView)
                .toList();
        return new AgentPage(items, paging.page(), paging.size(), total, paging.totalPages(total));
    }

    /**
     * Which other tenant, if any, has an agent with this id: asked only after the caller's own tenant had none.
     * Agent ids are unique only within a tenant, so any tenant but the caller's will do.
     */
    public Optional<TenantId> tenantHolding(TenantId caller, AgentId agentId) {
        return crossTenant.findOne(CrossTenantPurpose.CROSS_TENANT_PROBE, COLLECTION,
                        new Document(AGENT_ID, agentId.value()).append(TENANT_ID,
                                new Document("$ne", caller.value())))
                .map(document -> document.getString(TENANT_ID))
                .filter(TenantId::isValid)
                .map(TenantId::new);
    }
}
