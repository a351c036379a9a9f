package com.nlre.tenancy.query.data;

import java.util.Locale;

/** Why code reads across tenants; every such read is counted and logged under its purpose. */
public enum CrossTenantPurpose {
    /** A platform operator's query over tenants (operator chain only). */
    OPERATOR_QUERY,
    /** The status of the caller's tenant, to refuse suspended and canceled tenants at the edge. */
    TENANT_STATUS,
    /** After a tenant-scoped miss: does the requested id belong to another tenant (a cross-tenant attempt)? */
    CROSS_TENANT_PROBE,
    /** A platform operator reading the security audit log. */
    SECURITY_AUDIT,
    /** A platform operator reading the access audit trail across tenants. */
    ACCESS_AUDIT,
    /** The billing run finding the tenants whose closed months are not invoiced yet. */
    BILLING_RUN,
    /** The GDPR export sweep finding every tenant's expired export jobs, to delete them. */
    GDPR_EXPORT_EXPIRY,
    /** Platform operators and the parked-letters gauge reading the dead letters of every tenant. */
    DEAD_LETTERS,
    /**
     * The projection's check, once per poll, whether any letter is parked at all: a count that reads no document.
     * Routine: counted, but logged at debug level only, since it runs several times a second.
     */
    DEAD_LETTER_CHECK;

    /** Whether the read runs routinely, many times a second, and reads no tenant's documents (logged at debug). */
    public boolean routine() {
        return this == DEAD_LETTER_CHECK;
    }

    /** The metric tag and log value, e.g. {@code cross-tenant-probe}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
