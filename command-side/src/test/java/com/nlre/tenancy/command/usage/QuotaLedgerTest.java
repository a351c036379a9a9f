package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs on the test database (PostgreSQL from the environment, else Testcontainers, else H2) with the real schema. */
class QuotaLedgerTest {

    private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");

    private static HikariDataSource dataSource;
    private static QuotaLedger ledger;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void database() {
        TestInfrastructure.JdbcTarget target = TestInfrastructure.relationalDatabase();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(target.url());
        dataSource.setUsername(target.username());
        dataSource.setPassword(target.password());
        dataSource.setMaximumPoolSize(40);
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target.schema() != null) {
            flyway.schemas(target.schema()).defaultSchema(target.schema());
        }
        flyway.load().migrate();
        ledger = new QuotaLedger(new JdbcTemplate(dataSource));
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void ofSixtyFourConcurrentReservationsWithTenSlotsLeftExactlyTenSucceed() throws Exception {
        TenantId tenant = TenantId.generate();
        for (int i = 0; i < 90; i++) {
            transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.LEADS, 100L, NOW, ZONE));
        }
        ExecutorService threads = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            requests.add(threads.submit(() -> {
                start.await();
                try {
                    transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.LEADS, 100L, NOW, ZONE));
                    accepted.incrementAndGet();
                } catch (QuotaExceeded exceeded) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> request : requests) {
            request.get();
        }
        threads.shutdown();

        assertThat(accepted.get()).isEqualTo(10);
        assertThat(refused.get()).isEqualTo(54);
        assertThat(ledger.used(tenant, Meter.LEADS, NOW, ZONE)).isEqualTo(100);
    }

    @Test
    void ofSixtyFourConcurrentRecordingsWithRoomForTenExactlyTenAreStoredWholeOrNotAtAll() throws Exception {
        TenantId tenant = TenantId.generate();
        long megabyte = 1L << 20;
        long limit = Meter.BYTES_PER_GB;
        transactions.executeWithoutResult(status ->
                ledger.reserve(tenant, Meter.STORAGE, limit - 10 * megabyte - 1, limit, NOW, ZONE));
        ExecutorService threads = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            requests.add(threads.submit(() -> {
                start.await();
                try {
                    transactions.executeWithoutResult(status ->
                            ledger.reserve(tenant, Meter.STORAGE, megabyte, limit, NOW, ZONE));
                    accepted.incrementAndGet();
                } catch (QuotaExceeded exceeded) {
                    assertThat(exceeded.requested()).isEqualTo(megabyte);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> request : requests) {
            request.get();
        }
        threads.shutdown();

        assertThat(accepted.get()).isEqualTo(10);
        assertThat(ledger.used(tenant, Meter.STORAGE, NOW, ZONE)).isEqualTo(limit - 1);
        // the last byte is still free: a reservation that fits exactly is taken
        transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.STORAGE, 1, limit, NOW, ZONE));
    }

    @Test
    void releasingBytesGivesBackExactlyThatManyAndNeverGoesBelowZero() {
        TenantId tenant = TenantId.generate();
        transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.STORAGE, 5_000, null, NOW, ZONE));

        transactions.executeWithoutResult(status -> ledger.release(tenant, Meter.STORAGE, 1_200, NOW, ZONE));
        assertThat(ledger.used(tenant, Meter.STORAGE, NOW, ZONE)).isEqualTo(3_800);
        transactions.executeWithoutResult(status -> ledger.release(tenant, Meter.STORAGE, 9_999, NOW, ZONE));
        assertThat(ledger.used(tenant, Meter.STORAGE, NOW, ZONE)).isZero();
        assertThatThrownBy(() -> ledger.reserve(tenant, Meter.STORAGE, 0, null, NOW, ZONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedCommandGivesItsReservationBack() {
        TenantId tenant = TenantId.generate();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            ledger.reserve(tenant, Meter.LEADS, 1L, NOW, ZONE);
            throw new IllegalStateException("the command failed after reserving");
        })).hasMessageContaining("failed after reserving");

        transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.LEADS, 1L, NOW, ZONE));
        assertThat(ledger.used(tenant, Meter.LEADS, NOW, ZONE)).isEqualTo(1);
    }

    @Test
    void refusalNamesTheLimitTheUseAndWhenAPeriodicMeterResets() {
        TenantId tenant = TenantId.generate();
        transactions.executeWithoutResult(status -> ledger.reserve(tenant, Meter.CALLS, 1L, NOW, ZONE));

        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                ledger.reserve(tenant, Meter.CALLS, 1L, NOW, ZONE)))
                .isInstanceOfSatisfying(QuotaExceeded.class, exceeded -> {
                    assertThat(exceeded.limit()).isEqualTo(1);
                    assertThat(exceeded.used()).isEqualTo(1);
                    assertThat(exceeded.resetsAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
                });
        // a new billing month in the tenant's zone starts a new count
        transactions.executeWithoutResult(status ->
                ledger.reserve(tenant, Meter.CALLS, 1L, Instant.parse("2026-12-01T08:00:00Z"), ZONE));
    }

    @Test
    void quotasOfOneTenantNeverTouchAnothers() {
        TenantId first = TenantId.generate();
        TenantId second = TenantId.generate();
        transactions.executeWithoutResult(status -> ledger.reserve(first, Meter.USERS, 1L, NOW, ZONE));
        transactions.executeWithoutResult(status -> ledger.reserve(second, Meter.USERS, 1L, NOW, ZONE));
        transactions.executeWithoutResult(status -> ledger.release(first, Meter.USERS, NOW, ZONE));

        assertThat(ledger.used(first, Meter.USERS, NOW, ZONE)).isZero();
        assertThat(ledger.used(second, Meter.USERS, NOW, ZONE)).isEqualTo(1);
    }
}
