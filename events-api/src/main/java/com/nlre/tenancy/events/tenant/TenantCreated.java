package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A tenant was signed up by a platform operator; it starts active, on a plan with its limits and pricing. */
@Revision("1")
public record TenantCreated(TenantId tenantId, String businessName, BusinessType businessType,
                            @PersonalData(subject = "tenantId") OwnerContact owner, Plan plan,
                            PlanLimits limits, PlanPricing pricing, Instant trialEndsAt, Instant subscriptionEndsAt,
                            TenantConfiguration configuration, Branding branding, Instant createdAt) implements TenantEvent {
}
