package com.nlre.tenancy.web.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where the token buckets live: this instance's memory, or a database shared by every instance. */
public interface RateLimitBuckets {

    /**
     * Takes one token from the bucket under {@code key}, creating it full with {@code configuration} when there is
     * none (or it expired: a bucket that is gone has refilled completely anyway).
     */
    ConsumptionProbe tryConsumeOne(String key, BucketConfiguration configuration);
}
