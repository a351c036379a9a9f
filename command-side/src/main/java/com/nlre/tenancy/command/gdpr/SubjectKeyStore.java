package com.nlre.tenancy.command.gdpr;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.SubjectForgottenException;
import com.nlre.tenancy.personal.SubjectKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The key store of crypto-shredding ({@code tenant_keys}, {@code subject_keys}): a key per tenant wrapped by the master
 * key, a data key per data subject wrapped by its tenant's key. Keys are created on first use; concurrent first uses
 * of one subject agree on one key (the primary key decides, {@code on conflict do nothing}, then everyone reads the
 * stored row). A key created inside a transaction is cached only once that transaction commits, so a rolled-back key
 * is never used again. Unwrapped keys are cached (bounded) so a hot path does not go to the database per event.
 *
 * <p>As the {@value #PROCESSING_GROUP} subscribing processor it forgets a subject on {@link DataSubjectForgotten} and
 * shreds a tenant's key and all its subject keys on {@link TenantOffboarded}, in the same transaction as the event. A
 * forgotten subject keeps a tombstone: its key is never re-created, and sealing new data for it is refused.
 */
@ProcessingGroup(SubjectKeyStore.PROCESSING_GROUP)
public class SubjectKeyStore implements SubjectKeys {

    public static final String PROCESSING_GROUP = "subject-keys";

    private final JdbcTemplate jdbc;
    private final SecretKey masterKey;
    private final Clock clock;
    private final Cache<DataSubject, SecretKey> subjectKeys;
    private final Cache<String, SecretKey> tenantKeys;

    public SubjectKeyStore(JdbcTemplate jdbc, SecretKey masterKey, Clock clock, long cacheSize) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.clock = clock;
        this.subjectKeys = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.tenantKeys = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    private record Row(String wrappedKey, boolean gone) {
    }

    @Override
    public SecretKey sealingKey(DataSubject subject) {
        SecretKey cached = subjectKeys.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        SecretKey tenantKey = tenantKey(subject.tenantId(), true)
                .orElseThrow(() -> new SubjectForgottenException(subject));
        Optional<Row> row = subjectRow(subject);
        if (row.isEmpty()) {
            jdbc.update("insert into subject_keys (tenant_id, subject_type, subject_id, wrapped_key, created_at) "
                            + "values (?, ?, ?, ?, ?) on conflict do nothing", subject.tenantId(),
                    subject.type().wireName(), subject.subjectId(),
                    KeyWrapping.wrap(tenantKey, KeyWrapping.newKey(), associatedData(subject)), now());
            row = subjectRow(subject);
        }
        Row stored = row.orElseThrow(() -> new IllegalStateException("no key row for " + subject + " after insert"));
        if (stored.gone()) {
            throw new SubjectForgottenException(subject);
        }
        SecretKey key = KeyWrapping.unwrap(tenantKey, stored.wrappedKey(), associatedData(subject));
        cacheOnceCommitted(subject, key);
        return key;
    }

    @Override
    public Optional<SecretKey> openingKey(DataSubject subject) {
        SecretKey cached = subjectKeys.getIfPresent(subject);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SecretKey> tenantKey = tenantKey(subject.tenantId(), false);
        Optional<Row> row = subjectRow(subject);
        if (tenantKey.isEmpty() || row.isEmpty() || row.get().gone()) {
            return Optional.empty();
        }
        SecretKey key = KeyWrapping.unwrap(tenantKey.get(), row.get().wrappedKey(), associatedData(subject));
        cacheOnceCommitted(subject, key);
        return Optional.of(key);
    }

    /** True when {@code subject} was forgotten or its tenant shredded: none of its data can be sealed again. */
    public boolean isForgotten(DataSubject subject) {
        return subjectRow(subject).map(Row::gone).orElse(false)
                || tenantRow(subject.tenantId()).map(Row::gone).orElse(false);
    }

    @EventHandler
    void on(DataSubjectForgotten event) {
        SubjectType type = SubjectType.fromWireName(event.subjectType())
                .orElseThrow(() -> new IllegalStateException("unknown subject type " + event.subjectType()));
        forget(new DataSubject(event.tenantId().value(), type, event.subjectId()));
    }

    @EventHandler
    void on(TenantOffboarded event) {
        shred(event.tenantId().value());
    }

    /** Deletes {@code subject}'s key and leaves its tombstone, whether or not a key was ever created. */
    public void forget(DataSubject subject) {
        jdbc.update("insert into subject_keys (tenant_id, subject_type, subject_id, wrapped_key, created_at, "
                        + "forgotten_at) values (?, ?, ?, null, ?, ?) on conflict do nothing", subject.tenantId(),
                subject.type().wireName(), subject.subjectId(), now(), now());
        jdbc.update("update subject_keys set wrapped_key = null, forgotten_at = coalesce(forgotten_at, ?) "
                        + "where tenant_id = ? and subject_type = ? and subject_id = ?", now(), subject.tenantId(),
                subject.type().wireName(), subject.subjectId());
        evictNowAndOnceCommitted(() -> subjectKeys.invalidate(subject));
    }

    /** Deletes the tenant's key and every subject key under it, leaving tombstones. */
    public void shred(String tenantId) {
        jdbc.update("insert into tenant_keys (tenant_id, wrapped_key, created_at, shredded_at) values (?, null, ?, ?) "
                + "on conflict do nothing", tenantId, now(), now());
        jdbc.update("update tenant_keys set wrapped_key = null, shredded_at = coalesce(shredded_at, ?) "
                + "where tenant_id = ?", now(), tenantId);
        jdbc.update("update subject_keys set wrapped_key = null, forgotten_at = coalesce(forgotten_at, ?) "
                + "where tenant_id = ?", now(), tenantId);
        evictNowAndOnceCommitted(() -> {
            tenantKeys.invalidate(tenantId);
            subjectKeys.asMap().keySet().removeIf(subject -> subject.tenantId().equals(tenantId));
        });
    }

    private Optional<SecretKey> tenantKey(String tenantId, boolean create) {
        SecretKey cached = tenantKeys.getIfPresent(tenantId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Row> row = tenantRow(tenantId);
        if (row.isEmpty() && create) {
            jdbc.update("insert into tenant_keys (tenant_id, wrapped_key, created_at) values (?, ?, ?) "
                            + "on conflict do nothing", tenantId,
                    KeyWrapping.wrap(masterKey, KeyWrapping.newKey(), tenantAssociatedData(tenantId)), now());
            row = tenantRow(tenantId);
        }
        if (row.isEmpty() || row.get().gone()) {
            return Optional.empty();
        }
        SecretKey key = KeyWrapping.unwrap(masterKey, row.get().wrappedKey(), tenantAssociatedData(tenantId));
        afterCommit(() -> tenantKeys.put(tenantId, key));
        return Optional.of(key);
    }

    private Optional<Row> tenantRow(String tenantId) {
        List<Row> rows = jdbc.query("select wrapped_key from tenant_keys where tenant_id = ?",
                (result, index) -> row(result.getString(1)), tenantId);
        return rows.stream().findFirst();
    }

    private Optional<Row> subjectRow(DataSubject subject) {
        List<Row> rows = jdbc.query("select wrapped_key from subject_keys where tenant_id = ? and subject_type = ? "
                        + "and subject_id = ?", (result, index) -> row(result.getString(1)), subject.tenantId(),
                subject.type().wireName(), subject.subjectId());
        return rows.stream().findFirst();
    }

    private static Row row(String wrappedKey) {
        return new Row(wrappedKey, wrappedKey == null);
    }

    private void cacheOnceCommitted(DataSubject subject, SecretKey key) {
        afterCommit(() -> subjectKeys.put(subject, key));
    }

    private static void evictNowAndOnceCommitted(Runnable eviction) {
        eviction.run();
        afterCommit(eviction);
    }

    /** Runs {@code action} once the current transaction commits, or at once outside a transaction. */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private java.time.OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static String associatedData(DataSubject subject) {
        return "subject-key|" + subject.tenantId() + "|" + subject.type().wireName() + "|" + subject.subjectId();
    }

    private static String tenantAssociatedData(String tenantId) {
        return "tenant-key|" + tenantId;
    }
}
