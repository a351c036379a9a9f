package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tenant moved to another plan, or its enterprise limits or pricing were changed; billing prorates from then. */
@Revision("1")
public record TenantPlanChanged(TenantId tenantId, Plan previousPlan, Plan plan, PlanLimits limits, PlanPricing pricing,
                                Instant changedAt) implements TenantEvent {
}
