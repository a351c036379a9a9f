package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.PlanLimits;

import java.time.ZoneId;

/**
 * What usage and billing need of a tenant: the time zone its billing periods are cut in and its plan's limits
 * (a null limit is unlimited).
 */
public record TenantSettings(ZoneId zone, PlanLimits limits) {

    /** The zone of a tenant not projected (yet), or whose configured zone is missing or unknown. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/New_York");
}
