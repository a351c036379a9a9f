package com.nlre.tenancy.web.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;

import java.time.Duration;

/**
 * Buckets in this instance's memory: the default, right for a single instance. Bounded: a bucket not used for
 * {@code idleExpiry} (the longest refill period, after which it would be full again anyway) is forgotten, and at most
 * {@code maximumBuckets} are kept, least recently used leaving first.
 */
public final class MemoryRateLimitBuckets implements RateLimitBuckets {

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    public MemoryRateLimitBuckets(long maximumBuckets, Duration idleExpiry) {
        this(maximumBuckets, idleExpiry, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** @param time the buckets' clock; tests move it */
    public MemoryRateLimitBuckets(long maximumBuckets, Duration idleExpiry, TimeMeter time) {
        this.buckets = Caffeine.newBuilder().maximumSize(maximumBuckets).expireAfterAccess(idleExpiry).build();
        this.time = time;
    }

    @Override
    public ConsumptionProbe tryConsumeOne(String key, BucketConfiguration configuration) {
        return buckets.get(key, ignored -> bucket(configuration)).tryConsumeAndReturnRemaining(1);
    }

    private Bucket bucket(BucketConfiguration configuration) {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (var bandwidth : configuration.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }
}
