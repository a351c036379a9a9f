package com.nlre.tenancy.query.data;

import java.util.Set;

/**
 * Collections whose documents are only ever inserted: no code path updates or deletes them.
 * <ul>
 *   <li>Platform collections: {@link CrossTenantMongo#append} is the only way in; {@link TenantScopedMongo} refuses
 *   them outright.</li>
 *   <li>Tenant collections ({@link #isTenantInsertOnly}): written and read only through {@link TenantScopedMongo},
 *   which inserts into them but refuses every update and upsert (and has no delete).</li>
 * </ul>
 */
public final class AppendOnlyCollections {

    /** Cross-tenant attempts and operator actions, readable by platform operators. */
    public static final String SECURITY_AUDIT = "security_audit";

    /** Every authenticated request of both services, partitioned by tenant (the access audit trail). */
    public static final String ACCESS_AUDIT = "access_audit";

    private static final Set<String> ALL = Set.of(SECURITY_AUDIT);
    private static final Set<String> TENANT_INSERT_ONLY = Set.of(ACCESS_AUDIT);

    private AppendOnlyCollections() {
    }

    public static boolean contains(String collection) {
        return ALL.contains(collection);
    }

    public static boolean isTenantInsertOnly(String collection) {
        return TENANT_INSERT_ONLY.contains(collection);
    }
}
