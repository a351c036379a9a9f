package com.nlre.tenancy.events;

import com.nlre.tenancy.events.tenant.TenantId;

/** Every domain event belongs to exactly one tenant. */
public interface TenantEvent {

    TenantId tenantId();
}
