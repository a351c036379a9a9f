package com.nlre.tenancy.command.identity.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Rate limits attempts to prove a credential (logins, and codes or passwords re-entered by a signed-in user), per user
 * ({@code tenantId} + email) and per source address, with in-memory token buckets. Every attempt takes a token from
 * both buckets; a successful one gives them back, so only failures count. The maps are bounded; a forgotten key
 * starts again with a full bucket. Buckets follow the injected clock.
 */
@Component
public class AttemptLimiter {

    private final LoginProperties properties;
    private final TimeMeter time;
    private final Cache<String, Bucket> users;
    private final Cache<String, Bucket> sources;

    public AttemptLimiter(LoginProperties properties, Clock clock) {
        this.properties = properties;
        this.time = new ClockTimeMeter(clock);
        this.users = Caffeine.newBuilder().maximumSize(properties.trackedKeys())
                .expireAfterAccess(properties.perUserWindow().multipliedBy(2)).build();
        this.sources = Caffeine.newBuilder().maximumSize(properties.trackedKeys())
                .expireAfterAccess(properties.perSourceWindow().multipliedBy(2)).build();
    }

    /** A taken attempt: report its success to give the tokens back. */
    public interface Attempt {

        void succeeded();
    }

    public static String userKey(String tenantId, String email) {
        return tenantId + "|" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    /** @throws TooManyAttempts when the user's or the source's bucket is empty */
    public Attempt attempt(String userKey, String source) {
        Bucket sourceBucket = sources.get(source == null ? "unknown" : source,
                key -> bucket(properties.perSourceAttempts(), properties.perSourceWindow()));
        ConsumptionProbe bySource = sourceBucket.tryConsumeAndReturnRemaining(1);
        if (!bySource.isConsumed()) {
            throw new TooManyAttempts(seconds(bySource.getNanosToWaitForRefill()));
        }
        Bucket userBucket = users.get(userKey, key -> bucket(properties.perUserAttempts(), properties.perUserWindow()));
        ConsumptionProbe byUser = userBucket.tryConsumeAndReturnRemaining(1);
        if (!byUser.isConsumed()) {
            sourceBucket.addTokens(1);
            throw new TooManyAttempts(seconds(byUser.getNanosToWaitForRefill()));
        }
        return () -> {
            userBucket.addTokens(1);
            sourceBucket.addTokens(1);
        };
    }

    private Bucket bucket(int attempts, Duration window) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(attempts).refillGreedy(attempts, window))
                .withCustomTimePrecision(time)
                .build();
    }

    private static long seconds(long nanos) {
        return Math.max(1, Duration.ofNanos(nanos).toSeconds() + (nanos % 1_000_000_000L == 0 ? 0 : 1));
    }

    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
