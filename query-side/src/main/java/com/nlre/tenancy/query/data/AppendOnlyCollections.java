package com.nlre.tenancy.query.data;

import java.util.Set;

/**
 * Platform collections whose documents are only ever inserted: no code path updates or deletes them.
 * {@link CrossTenantMongo#append} is the only way in; {@link TenantScopedMongo} refuses them outright.
 */
public final class AppendOnlyCollections {

    /** Cross-tenant attempts and operator actions, readable by platform operators. */
    public static final String SECURITY_AUDIT = "security_audit";

    private static final Set<String> ALL = Set.of(SECURITY_AUDIT);

    private AppendOnlyCollections() {
    }

    public static boolean contains(String collection) {
        return ALL.contains(collection);
    }
}
