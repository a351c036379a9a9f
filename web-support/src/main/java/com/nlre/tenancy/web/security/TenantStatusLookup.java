package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.util.Optional;

/**
 * Where a service learns a tenant's current standing, to refuse suspended and canceled tenants at once and to rate
 * limit by plan. Both services answer from a {@link TenantStandingCache} that the tenant's own events invalidate.
 */
public interface TenantStatusLookup {

    /** The tenant's status and plan; empty for a tenant this service does not know (yet). */
    Optional<TenantStanding> standingOf(TenantId tenantId);

    default Optional<TenantStatus> statusOf(TenantId tenantId) {
        return standingOf(tenantId).map(TenantStanding::status);
    }
}
