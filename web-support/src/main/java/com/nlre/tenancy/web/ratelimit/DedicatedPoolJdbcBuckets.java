package com.nlre.tenancy.web.ratelimit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;

/** The jdbc store on a connection pool of its own ({@code nlre.rate-limits.jdbc.*}), closed with it. */
final class DedicatedPoolJdbcBuckets implements RateLimitBuckets, AutoCloseable {

    private final HikariDataSource pool;
    private final JdbcRateLimitBuckets buckets;

    DedicatedPoolJdbcBuckets(RateLimitProperties.Jdbc jdbc, Duration cleanupInterval) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("rate-limits");
        config.setJdbcUrl(jdbc.url());
        config.setUsername(jdbc.username());
        config.setPassword(jdbc.password());
        config.setMaximumPoolSize(jdbc.maximumPoolSize());
        this.pool = new HikariDataSource(config);
        this.buckets = new JdbcRateLimitBuckets(pool, cleanupInterval);
    }

    @Override
    public ConsumptionProbe tryConsumeOne(String key, BucketConfiguration configuration) {
        return buckets.tryConsumeOne(key, configuration);
    }

    @Override
    public void close() {
        buckets.close();
        pool.close();
    }
}
