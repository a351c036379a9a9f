package com.nlre.tenancy.query.gdpr;

import org.springframework.lang.Nullable;

import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a tenant export holds, read a window at a time so that no part of a tenant is ever held in memory whole.
 * Each method hands its records to {@code each} in a stable order; the records are written as JSON as they are.
 */
public interface TenantExportSource {

    /** The tenant's own record, or null when the read model does not know it. */
    @Nullable Object tenant();

    void users(Consumer<Object> each);

    /** Each lead with its consent per number and its calls. */
    void leads(Consumer<Object> each);

    void agents(Consumer<Object> each);

    void usageLedger(Consumer<Object> each);

    void invoices(Consumer<Object> each);

    void accessAudit(Consumer<Object> each);

    /** One page of the tenant's history as NDJSON lines, ascending position; fewer than {@code limit} at the end. */
    List<String> historyPage(long after, int limit);
}
