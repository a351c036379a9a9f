package com.nlre.tenancy.query.data;

import com.mongodb.client.model.Filters;
import com.mongodb.client.result.DeleteResult;
import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one place the query side deletes a tenant's documents, for offboarding: every document whose
 * {@value TenantScopedMongo#TENANT_ID} is the tenant's, in every collection of the database — each read model in every
 * generation (live, previous, a rebuild's shadow), the usage ledger, invoices, the access audit trail, projection
 * positions, and any collection added later that is tenant-scoped the only way this layer allows (by
 * {@code tenantId}) — except {@link #KEPT}. Idempotent: a second purge deletes nothing.
 *
 * <p>{@link TenantScopedMongo} has no delete (read models keep tombstones so a replayed event never resurrects a
 * document); offboarding is the exception, safe because it is the tenant's last event: a redelivery or a rebuild
 * replays the tenant's earlier events only before it, so the same purge follows them again.
 */
@Component
public class TenantDataPurge {

    /**
     * Logical collections kept: the tenant registry (its document is the record that the tenant existed, reduced to
     * status and dates by its projection), the platform's security audit log (operator evidence, append-only) and
     * the generation pointer.
     */
    public static final Set<String> KEPT = Set.of("tenants", AppendOnlyCollections.SECURITY_AUDIT,
            ReadModelGenerations.COLLECTION);

    private static final Pattern GENERATION_SUFFIX = Pattern.compile("__g\\d+$");

    private final MongoOperations mongo;

    public TenantDataPurge(MongoOperations mongo) {
        this.mongo = mongo;
    }

    /** Deletes the tenant's documents everywhere but {@link #KEPT}; answers how many, by physical collection. */
    public Purged purge(TenantId tenantId) {
        if (tenantId == null) {
            throw new IllegalStateException("a purge needs a tenant");
        }
        long deleted = 0;
        Set<String> touched = new TreeSet<>();
        for (String physical : mongo.getCollectionNames()) {
            if (physical.startsWith("system.") || KEPT.contains(logical(physical))) {
                continue;
            }
            DeleteResult result = mongo.execute(physical,
                    collection -> collection.deleteMany(Filters.eq(TenantScopedMongo.TENANT_ID, tenantId.value())));
            long count = result == null ? 0 : result.getDeletedCount();
            if (count > 0) {
                deleted += count;
                touched.add(physical);
            }
        }
        return new Purged(deleted, touched);
    }

    /** What a purge deleted: documents, and the physical collections they were in. */
    public record Purged(long documents, Set<String> collections) {
    }

    static String logical(String physical) {
        return GENERATION_SUFFIX.matcher(physical).replaceFirst("");
    }
}
