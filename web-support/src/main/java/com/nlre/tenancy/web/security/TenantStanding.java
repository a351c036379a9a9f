package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.util.Objects;

/**
 * What the edge must know of a tenant on every request: its status (suspended and canceled tenants are refused) and
 * its plan (which sets its request rate).
 *
 * @param version how much of the tenant's own history (the events of its {@code Tenant} aggregate) this standing
 *                reflects: the sequence number of the last of them applied, or {@link #CURRENT} when it was read from
 *                a store written in the same transaction as those events, which therefore reflects every committed one
 */
public record TenantStanding(TenantStatus status, Plan plan, long version) {

    /** The version of a standing read from a store that is always as current as the events themselves. */
    public static final long CURRENT = Long.MAX_VALUE;

    /** Request attribute under which {@link TenantContextFilter} leaves the caller's standing for the filters after it. */
    public static final String REQUEST_ATTRIBUTE = TenantStanding.class.getName();

    public TenantStanding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(plan, "plan");
    }
}
