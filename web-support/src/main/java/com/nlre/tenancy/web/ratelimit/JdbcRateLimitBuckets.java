package com.nlre.tenancy.web.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in table {@value #TABLE} (created by the command side's Flyway migration V6), shared by every instance that
 * points at the same database: each request locks its bucket's row ({@code SELECT ... FOR UPDATE}) for one short
 * transaction, so concurrent instances never hand out the same token twice. A row records when its bucket will be full
 * again; rows past that are deleted every {@code cleanupInterval} (a missing bucket is created full, which is the
 * same). Times are the instances' clocks, so they must be synchronised (NTP). PostgreSQL only: the store refuses to
 * start on another database (H2 does not parse its {@code INSERT ... ON CONFLICT}).
 */
public final class JdbcRateLimitBuckets implements RateLimitBuckets, AutoCloseable {

    public static final String TABLE = "rate_limit_buckets";

    private static final Logger log = LoggerFactory.getLogger(JdbcRateLimitBuckets.class);
    private static final int CLEANUP_BATCH = 1_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
    private final ScheduledExecutorService cleaner;

    /** @throws IllegalStateException when {@code dataSource} is not PostgreSQL (e.g. the embedded H2) */
    public JdbcRateLimitBuckets(DataSource dataSource, Duration cleanupInterval) {
        requirePostgreSql(dataSource);
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
        this.cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-bucket-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        long interval = cleanupInterval.toMillis();
        cleaner.scheduleWithFixedDelay(this::cleanUp, interval, interval, TimeUnit.MILLISECONDS);
    }

    private static void requirePostgreSql(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("the rate-limit store's database is unreachable: " + e.getMessage(), e);
        }
        if (!"PostgreSQL".equalsIgnoreCase(product)) {
            throw new IllegalStateException("nlre.rate-limits.store=jdbc needs PostgreSQL, not " + product
                    + ": use nlre.rate-limits.store=memory on the embedded database");
        }
    }

    @Override
    public ConsumptionProbe tryConsumeOne(String key, BucketConfiguration configuration) {
        return proxies.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
    }

    /** Deletes the rows of buckets that are full again; returns how many. */
    public int removeFullBuckets() {
        int removed = 0;
        int batch;
        do {
            batch = proxies.removeExpired(CLEANUP_BATCH);
            removed += batch;
        } while (batch == CLEANUP_BATCH);
        return removed;
    }

    private void cleanUp() {
        try {
            int removed = removeFullBuckets();
            log.debug("Removed {} full rate-limit buckets", removed);
        } catch (RuntimeException e) {
            log.warn("Could not remove full rate-limit buckets: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
    }
}
