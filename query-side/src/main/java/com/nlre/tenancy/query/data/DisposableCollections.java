package com.nlre.tenancy.query.data;

import java.util.Set;

/**
 * Tenant collections whose documents may be deleted through {@link TenantScopedMongo#deleteMany}: stored artefacts
 * that are not read models (no event rebuilds them, so no tombstone is needed) and that must be removable on request,
 * on expiry and when a tenant or data subject is forgotten.
 */
public final class DisposableCollections {

    /** GDPR export jobs of a tenant (state, progress, expiry). */
    public static final String GDPR_EXPORTS = "gdpr_exports";

    /** The stored ZIP files of GDPR export jobs, in numbered binary chunks. */
    public static final String GDPR_EXPORT_CHUNKS = "gdpr_export_chunks";

    /**
     * Records the projections could not apply, parked for an operator to retry or discard (removed when applied or
     * discarded). Never generational: a rebuild neither reads nor replaces them.
     */
    public static final String DEAD_LETTERS = "dead_letters";

    private static final Set<String> ALL = Set.of(GDPR_EXPORTS, GDPR_EXPORT_CHUNKS, DEAD_LETTERS);

    private DisposableCollections() {
    }

    public static boolean contains(String collection) {
        return ALL.contains(collection);
    }
}
