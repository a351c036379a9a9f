package com.nlre.tenancy.command.gdpr;

import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.SubjectForgottenException;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs on the test database (PostgreSQL from the environment, else Testcontainers, else H2) with the real schema. */
class SubjectKeyStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneOffset.UTC);

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static SecretKey masterKey;

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
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        masterKey = KeyWrapping.newKey();
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    private static SubjectKeyStore store() {
        return new SubjectKeyStore(jdbc, masterKey, CLOCK, 1000);
    }

    private static DataSubject lead(TenantId tenant, String leadId) {
        return new DataSubject(tenant.value(), SubjectType.LEAD, leadId);
    }

    @Test
    void aSubjectsKeyIsCreatedOnceAndOpensWhatItSealsOnEveryInstance() {
        DataSubject subject = lead(TenantId.generate(), "crm-1");

        SecretKey sealing = transactions.execute(status -> store().sealingKey(subject));

        assertThat(store().openingKey(subject)).contains(sealing);
        assertThat(store().sealingKey(subject)).isEqualTo(sealing);
    }

    @Test
    void thirtyTwoConcurrentFirstUsesOfOneSubjectAgreeOnOneKey() throws Exception {
        DataSubject subject = lead(TenantId.generate(), "crm-1");
        ExecutorService threads = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SecretKey>> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                SubjectKeyStore instance = store();
                keys.add(threads.submit(() -> {
                    start.await();
                    return transactions.execute(status -> instance.sealingKey(subject));
                }));
            }
            start.countDown();
            Set<SecretKey> distinct = new HashSet<>();
            for (Future<SecretKey> key : keys) {
                distinct.add(key.get(60, TimeUnit.SECONDS));
            }

            assertThat(distinct).hasSize(1);
            assertThat(store().openingKey(subject)).contains(distinct.iterator().next());
            assertThat(jdbc.queryForObject("select count(*) from subject_keys where tenant_id = ?", Integer.class,
                    subject.tenantId())).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from tenant_keys where tenant_id = ?", Integer.class,
                    subject.tenantId())).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aForgottenSubjectsKeyIsGoneEvenFromTheCacheAndIsNeverRecreated() {
        SubjectKeyStore store = store();
        DataSubject subject = lead(TenantId.generate(), "crm-1");
        store.sealingKey(subject);

        transactions.executeWithoutResult(status -> store.forget(subject));

        assertThat(store.openingKey(subject)).isEmpty();
        assertThat(store().openingKey(subject)).isEmpty();
        assertThat(store.isForgotten(subject)).isTrue();
        assertThatThrownBy(() -> store.sealingKey(subject)).isInstanceOf(SubjectForgottenException.class);
        assertThat(jdbc.queryForObject("select count(*) from subject_keys where tenant_id = ? and wrapped_key is null",
                Integer.class, subject.tenantId())).isEqualTo(1);
    }

    @Test
    void forgettingASubjectThatNeverHadAKeyLeavesATombstone() {
        DataSubject subject = lead(TenantId.generate(), "crm-never");

        store().forget(subject);

        assertThatThrownBy(() -> store().sealingKey(subject)).isInstanceOf(SubjectForgottenException.class);
    }

    @Test
    void shreddingATenantForgetsEveryOneOfItsSubjectsAndNoOtherTenants() {
        SubjectKeyStore store = store();
        TenantId shredded = TenantId.generate();
        TenantId other = TenantId.generate();
        store.sealingKey(lead(shredded, "crm-1"));
        store.sealingKey(DataSubject.tenant(shredded.value()));
        SecretKey othersKey = store.sealingKey(lead(other, "crm-1"));

        store.shred(shredded.value());

        assertThat(store.openingKey(lead(shredded, "crm-1"))).isEmpty();
        assertThat(store.openingKey(DataSubject.tenant(shredded.value()))).isEmpty();
        assertThatThrownBy(() -> store.sealingKey(lead(shredded, "crm-2")))
                .isInstanceOf(SubjectForgottenException.class);
        assertThat(store.openingKey(lead(other, "crm-1"))).contains(othersKey);
    }

    @Test
    void aKeyCreatedInARolledBackTransactionIsNeitherKeptNorCached() {
        SubjectKeyStore store = store();
        DataSubject subject = lead(TenantId.generate(), "crm-1");

        transactions.executeWithoutResult(status -> {
            store.sealingKey(subject);
            status.setRollbackOnly();
        });

        assertThat(store.openingKey(subject)).isEmpty();
    }
}
