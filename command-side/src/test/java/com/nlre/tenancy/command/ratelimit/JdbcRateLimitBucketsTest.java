package com.nlre.tenancy.command.ratelimit;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.nlre.tenancy.web.ratelimit.JdbcRateLimitBuckets;
import com.nlre.tenancy.web.ratelimit.PlanRate;
import com.nlre.tenancy.web.ratelimit.RateLimitDecision;
import com.nlre.tenancy.web.ratelimit.RateLimitProperties;
import com.nlre.tenancy.web.ratelimit.TenantRateLimiter;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared bucket store on the event store's database, in table {@code rate_limit_buckets} as migration V6 creates
 * it. Two stores on the same database stand for two instances of a service. PostgreSQL only (from the environment, as
 * CI runs it, or Testcontainers): bucket4j's PostgreSQL store uses {@code INSERT ... ON CONFLICT (id) DO NOTHING},
 * which H2 does not parse, so on the embedded H2 this class does not run (and the jdbc store refuses to start on H2).
 */
class JdbcRateLimitBucketsTest {

    private static final RateLimitProperties LIMITS = new RateLimitProperties(RateLimitProperties.Store.JDBC,
            new PlanRate(3L, Duration.ofHours(1)), new PlanRate(10L, Duration.ofHours(1)),
            new PlanRate(1L, Duration.ofSeconds(1)), null, null, null);

    private static HikariDataSource dataSource;
    private static JdbcRateLimitBuckets instanceOne;
    private static JdbcRateLimitBuckets instanceTwo;

    @BeforeAll
    static void database() {
        TestInfrastructure.JdbcTarget target = TestInfrastructure.relationalDatabase();
        assumeTrue(TestInfrastructure.isPostgres(target), "bucket4j's PostgreSQL store needs PostgreSQL, not H2");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(target.url());
        dataSource.setUsername(target.username());
        dataSource.setPassword(target.password());
        dataSource.setMaximumPoolSize(16);
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target.schema() != null) {
            flyway.schemas(target.schema()).defaultSchema(target.schema());
        }
        flyway.load().migrate();
        instanceOne = new JdbcRateLimitBuckets(dataSource, Duration.ofHours(1));
        instanceTwo = new JdbcRateLimitBuckets(dataSource, Duration.ofHours(1));
    }

    @AfterAll
    static void close() {
        if (instanceOne != null) {
            instanceOne.close();
            instanceTwo.close();
            dataSource.close();
        }
    }

    @Test
    void instancesShareEachTenantsBucketWhileAnotherTenantKeepsItsOwn() {
        TenantRateLimiter one = new TenantRateLimiter("command-side", LIMITS, instanceOne);
        TenantRateLimiter two = new TenantRateLimiter("command-side", LIMITS, instanceTwo);
        TenantId a = TenantId.generate();
        TenantId b = TenantId.generate();

        assertThat(one.acquire(a, Plan.FREE).remaining()).isEqualTo(2);
        assertThat(two.acquire(a, Plan.FREE).remaining()).isEqualTo(1);
        assertThat(one.acquire(a, Plan.FREE).remaining()).isEqualTo(0);
        RateLimitDecision refused = two.acquire(a, Plan.FREE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1_199L, 1_200L);
        assertThat(one.acquire(b, Plan.FREE).allowed()).isTrue();
        assertThat(two.acquire(b, Plan.FREE).remaining()).isEqualTo(1);
        assertThat(one.acquire(a, Plan.FREE).allowed()).isFalse();
    }

    @Test
    void keepsTheServicesBucketsApart() {
        TenantId a = TenantId.generate();
        TenantRateLimiter commandSide = new TenantRateLimiter("command-side", LIMITS, instanceOne);
        TenantRateLimiter querySide = new TenantRateLimiter("query-side", LIMITS, instanceOne);
        for (int i = 0; i < 3; i++) {
            commandSide.acquire(a, Plan.FREE);
        }

        assertThat(commandSide.acquire(a, Plan.FREE).allowed()).isFalse();
        assertThat(querySide.acquire(a, Plan.FREE).remaining()).isEqualTo(2);
    }

    @Test
    void ofThirtyConcurrentRequestsOnTwoInstancesWithTenTokensExactlyTenPass() throws Exception {
        TenantId tenant = TenantId.generate();
        List<TenantRateLimiter> instances = List.of(new TenantRateLimiter("command-side", LIMITS, instanceOne),
                new TenantRateLimiter("command-side", LIMITS, instanceTwo));
        ExecutorService threads = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            TenantRateLimiter instance = instances.get(i % 2);
            requests.add(threads.submit(() -> {
                start.await();
                if (instance.acquire(tenant, Plan.STARTER).allowed()) {
                    allowed.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> request : requests) {
            request.get();
        }
        threads.shutdown();

        assertThat(allowed.get()).isEqualTo(10);
    }

    @Test
    void deletesTheRowsOfBucketsThatAreFullAgain() {
        TenantId tenant = TenantId.generate();
        new TenantRateLimiter("command-side", LIMITS, instanceOne).acquire(tenant, Plan.PROFESSIONAL);
        assertThat(rowsOf(tenant)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            instanceOne.removeFullBuckets();
            assertThat(rowsOf(tenant)).isZero();
        });
    }

    private static int rowsOf(TenantId tenant) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + JdbcRateLimitBuckets.TABLE
                + " WHERE id LIKE ?", Integer.class, "%" + tenant.value() + "%");
    }
}
