package com.nlre.tenancy.web.ratelimit;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;

/**
 * Request rate limits per tenant and service, by plan: every request of a tenant principal takes one token from its
 * tenant's bucket on this service. The bucket is keyed by service, tenant, plan and the plan's rate, so a plan change
 * (or a changed rate in the configuration) applies to the very next request: the tenant starts on a full bucket of
 * its new plan.
 */
public class TenantRateLimiter {

    private final String service;
    private final RateLimitProperties limits;
    private final RateLimitBuckets buckets;

    /** @param service this service's name; services sharing a store never share buckets */
    public TenantRateLimiter(String service, RateLimitProperties limits, RateLimitBuckets buckets) {
        this.service = service;
        this.limits = limits;
        this.buckets = buckets;
    }

    public RateLimitDecision acquire(TenantId tenantId, Plan plan) {
        PlanRate rate = limits.rateOf(plan);
        String key = service + ":" + tenantId.value() + ":" + plan.wireName() + ":" + rate.capacity() + "/"
                + rate.windowSeconds();
        return RateLimitDecision.of(plan, rate, buckets.tryConsumeOne(key, rate.bucketConfiguration()));
    }
}
