package com.nlre.tenancy.web.ratelimit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The per-tenant rate limiter both services apply to tenant principals. {@code nlre.rate-limits.store} chooses the
 * buckets' home: {@code memory} (default) or {@code jdbc}, in table {@value JdbcRateLimitBuckets#TABLE} of
 * {@code nlre.rate-limits.jdbc.url} when set, else of the service's own DataSource; with neither the service refuses
 * to start rather than silently limit per instance.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    @Bean
    RateLimitBuckets rateLimitBuckets(RateLimitProperties properties, ObjectProvider<DataSource> dataSources) {
        if (properties.store() == RateLimitProperties.Store.MEMORY) {
            Duration longestPeriod = Stream.of(properties.free(), properties.starter(), properties.professional(),
                    properties.enterprise()).map(PlanRate::refillPeriod).max(Duration::compareTo).orElseThrow();
            return new MemoryRateLimitBuckets(properties.maxTrackedBuckets(), longestPeriod);
        }
        RateLimitProperties.Jdbc jdbc = properties.jdbc();
        if (jdbc.configured()) {
            return new DedicatedPoolJdbcBuckets(jdbc, CLEANUP_INTERVAL);
        }
        DataSource own = dataSources.getIfAvailable();
        if (own == null) {
            throw new IllegalStateException("nlre.rate-limits.store=jdbc needs a database: set nlre.rate-limits.jdbc.url "
                    + "(e.g. the command side's PostgreSQL, where table " + JdbcRateLimitBuckets.TABLE
                    + " lives) or give the service a DataSource");
        }
        return new JdbcRateLimitBuckets(own, CLEANUP_INTERVAL);
    }

    @Bean
    TenantRateLimiter tenantRateLimiter(RateLimitProperties properties, RateLimitBuckets buckets,
                                        Environment environment) {
        return new TenantRateLimiter(environment.getProperty("spring.application.name", "service"), properties,
                buckets);
    }
}
