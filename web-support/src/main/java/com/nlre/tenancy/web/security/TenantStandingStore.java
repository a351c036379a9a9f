package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.tenant.TenantId;

import java.util.Optional;

/**
 * Where a service keeps its tenants' standing (the command side's tenant directory, the query side's tenants read
 * model). Read through the {@link TenantStandingCache}, never per request.
 */
@FunctionalInterface
public interface TenantStandingStore {

    /** The tenant's standing as stored now; empty for a tenant this service does not know (yet). */
    Optional<TenantStanding> read(TenantId tenantId);
}
