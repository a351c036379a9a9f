package com.nlre.tenancy.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Slows down API-key guessing: every refused key takes a token from its source address's bucket
 * ({@code nlre.api-keys.failed-attempts-per-source} per {@code failed-attempts-window}, 20 per 5 minutes by default);
 * while the bucket is empty, that address's API-key requests are answered 429 with {@code Retry-After} without
 * checking the key at all. Accepted keys take nothing. The map of addresses is bounded.
 */
public final class ApiKeyGuessLimiter {

    private static final int TRACKED_SOURCES = 100_000;

    private final int attempts;
    private final Duration window;
    private final TimeMeter time;
    private final Cache<String, Bucket> sources;

    public ApiKeyGuessLimiter(int attempts, Duration window, Clock clock) {
        this.attempts = attempts;
        this.window = window;
        this.time = new ClockTime(clock);
        this.sources = Caffeine.newBuilder().maximumSize(TRACKED_SOURCES).expireAfterAccess(window.multipliedBy(2))
                .build();
    }

    /** Seconds until {@code source} may present a key again; empty when it may now. */
    public OptionalLong retryAfterSeconds(String source) {
        Bucket bucket = sources.getIfPresent(key(source));
        if (bucket == null) {
            return OptionalLong.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Counts a refused key from {@code source}. */
    public void refused(String source) {
        sources.get(key(source), ignored -> Bucket.builder()
                .addLimit(limit -> limit.capacity(attempts).refillGreedy(attempts, window))
                .withCustomTimePrecision(time).build()).tryConsume(1);
    }

    private static String key(String source) {
        return source == null ? "unknown" : source;
    }

    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            java.time.Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
