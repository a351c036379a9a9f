package com.nlre.tenancy.web.ratelimit;

import com.nlre.tenancy.events.tenant.Plan;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code nlre.rate-limits.*}: each plan's request rate per tenant and service, and where the buckets live.
 *
 * @param store            {@code memory} (this instance only; the default) or {@code jdbc} (shared by every instance
 *                         through table {@value JdbcRateLimitBuckets#TABLE})
 * @param free             defaults to 60 requests per minute
 * @param starter          defaults to 300 requests per minute
 * @param professional     defaults to 1200 requests per minute
 * @param enterprise       defaults to 6000 requests per minute
 * @param maxTrackedBuckets how many buckets the memory store keeps at most (least recently used leave first)
 * @param jdbc             a database for the jdbc store other than the service's own DataSource (the query side has
 *                         none), e.g. the command side's PostgreSQL
 */
@ConfigurationProperties("nlre.rate-limits")
public record RateLimitProperties(Store store, PlanRate free, PlanRate starter, PlanRate professional,
                                  PlanRate enterprise, Long maxTrackedBuckets, Jdbc jdbc) {

    public enum Store {
        MEMORY, JDBC
    }

    /** A dedicated connection pool for the jdbc store; used only when {@code url} is set. */
    public record Jdbc(String url, String username, String password, Integer maximumPoolSize) {

        public Jdbc {
            maximumPoolSize = maximumPoolSize == null ? 4 : maximumPoolSize;
        }

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    public RateLimitProperties {
        store = store == null ? Store.MEMORY : store;
        free = free == null ? PlanRate.perMinute(60) : free;
        starter = starter == null ? PlanRate.perMinute(300) : starter;
        professional = professional == null ? PlanRate.perMinute(1200) : professional;
        enterprise = enterprise == null ? PlanRate.perMinute(6000) : enterprise;
        maxTrackedBuckets = maxTrackedBuckets == null ? 100_000L : maxTrackedBuckets;
        jdbc = jdbc == null ? new Jdbc(null, null, null, null) : jdbc;
    }

    /** The defaults: memory store, 60 / 300 / 1200 / 6000 requests per minute. */
    public static RateLimitProperties defaults() {
        return new RateLimitProperties(null, null, null, null, null, null, null);
    }

    public PlanRate rateOf(Plan plan) {
        return switch (plan) {
            case FREE -> free;
            case STARTER -> starter;
            case PROFESSIONAL -> professional;
            case ENTERPRISE -> enterprise;
        };
    }
}
