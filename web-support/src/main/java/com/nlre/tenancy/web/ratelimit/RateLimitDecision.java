package com.nlre.tenancy.web.ratelimit;

import com.nlre.tenancy.events.tenant.Plan;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The answer to one request of a tenant, and what its headers say (draft-ietf-httpapi-ratelimit-headers-09: one quota
 * policy named after the plan).
 *
 * @param remaining         requests the tenant may still make at once
 * @param resetSeconds      seconds until its bucket is full again
 * @param retryAfterSeconds for a refused request, seconds until the next request fits; 0 when allowed
 */
public record RateLimitDecision(boolean allowed, Plan plan, PlanRate rate, long remaining, long resetSeconds,
                                long retryAfterSeconds) {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String STATE_HEADER = "RateLimit";

    static RateLimitDecision of(Plan plan, PlanRate rate, ConsumptionProbe probe) {
        return new RateLimitDecision(probe.isConsumed(), plan, rate, Math.max(0, probe.getRemainingTokens()),
                ceilSeconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    }

    /** E.g. {@code "starter";q=300;w=60}: 300 requests per 60 seconds. */
    public String policyHeader() {
        return "\"" + plan.wireName() + "\";q=" + rate.capacity() + ";w=" + rate.windowSeconds();
    }

    /** E.g. {@code "starter";r=299;t=1}: 299 requests left, the bucket is full again in 1 second. */
    public String stateHeader() {
        return "\"" + plan.wireName() + "\";r=" + remaining + ";t=" + resetSeconds;
    }

    private static long ceilSeconds(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
