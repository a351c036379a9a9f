package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.util.Optional;

/** Where a service learns a tenant's current status, to refuse suspended and canceled tenants at once. */
public interface TenantStatusLookup {

    Optional<TenantStatus> statusOf(TenantId tenantId);
}
