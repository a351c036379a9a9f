package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.TenantStanding;
import com.nlre.tenancy.web.security.TenantStandingStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The tenant standing (status and plan) web-support's tenant context and rate-limit filters apply to every tenant
 * request, read from the tenants read model with the sequence number of the last tenant event it applied. Read only
 * through web-support's {@code TenantStandingCache}, which every instance evicts when it reads one of the tenant's
 * own events on the topic, and caches again only once this read model has applied that event.
 */
@Component
public class TenantStatuses implements TenantStandingStore {

    private final TenantReadModel tenants;

    public TenantStatuses(TenantReadModel tenants) {
        this.tenants = tenants;
    }

    @Override
    public Optional<TenantStanding> read(TenantId tenantId) {
        return tenants.standingOf(tenantId);
    }
}
