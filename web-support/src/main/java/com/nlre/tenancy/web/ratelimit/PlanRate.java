package com.nlre.tenancy.web.ratelimit;

import io.github.bucket4j.BucketConfiguration;

import java.time.Duration;

/**
 * One plan's request rate on one service: a token bucket of {@code capacity} requests (the largest burst), refilled
 * continuously at {@code capacity} requests per {@code refillPeriod}. An empty bucket refills completely in one period.
 *
 * @param refillPeriod whole seconds, at least one; one minute when not given
 */
public record PlanRate(Long capacity, Duration refillPeriod) {

    private static final Duration DEFAULT_REFILL_PERIOD = Duration.ofMinutes(1);

    public PlanRate {
        if (capacity == null || capacity < 1) {
            throw new IllegalArgumentException("a plan's rate limit capacity must be at least 1, was " + capacity);
        }
        refillPeriod = refillPeriod == null ? DEFAULT_REFILL_PERIOD : refillPeriod;
        if (refillPeriod.toSeconds() < 1 || refillPeriod.toNanosPart() != 0) {
            throw new IllegalArgumentException("a plan's rate limit refill period must be whole seconds, at least 1 s, "
                    + "was " + refillPeriod);
        }
    }

    public static PlanRate perMinute(long capacity) {
        return new PlanRate(capacity, DEFAULT_REFILL_PERIOD);
    }

    public long windowSeconds() {
        return refillPeriod.toSeconds();
    }

    BucketConfiguration bucketConfiguration() {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, refillPeriod))
                .build();
    }
}
