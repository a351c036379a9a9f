package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Hard plan limits for aggregates' command handlers: take one unit of a meter before applying the events that use it,
 * inside the same unit of work, or fail with {@link QuotaExceeded}. Standing meters give units back on removal.
 */
public interface Quotas {

    void reserve(TenantId tenantId, Meter meter, Instant at);

    /** Takes {@code amount} units at once (all or none), e.g. the bytes of a recording; {@code amount} is 1 or more. */
    void reserve(TenantId tenantId, Meter meter, long amount, Instant at);

    /** For the command that creates the tenant, before its limits are stored anywhere. */
    void reserve(TenantId tenantId, Meter meter, PlanLimits limits, ZoneId zone, Instant at);

    void release(TenantId tenantId, Meter meter, Instant at);

    /** Gives {@code amount} units of a standing meter back. */
    void release(TenantId tenantId, Meter meter, long amount, Instant at);

    /** The tenant's current plan, as the write side knows it (for feature checks outside the Tenant aggregate). */
    Plan planOf(TenantId tenantId);
}
