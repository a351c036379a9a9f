package com.nlre.tenancy.query.usage;

import com.nlre.tenancy.events.tenant.TenantId;

/**
 * The stored shape of collection {@value #COLLECTION}, the usage ledger: one document per usage-bearing event and
 * meter, {@code _id} = {@code <tenantId>/<eventId>}, suffixed {@code /<meter>} for an event that moves several meters
 * ({@code CallLogged}). Each entry names the event that produced it ({@code eventId}, {@code aggregateId},
 * {@code sequence}, {@code occurredAt}) and the billing {@code period} it counts in ({@code YYYY-MM} in the tenant's
 * time zone when it was projected). Entries are facts: inserted once, never changed.
 */
final class UsageDocuments {

    static final String COLLECTION = "usage_entries";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String METER = "meter";
    static final String QUANTITY = "quantity";
    static final String PERIOD = "period";
    static final String EVENT_ID = "eventId";
    static final String AGGREGATE_ID = "aggregateId";
    static final String SEQUENCE = "sequence";
    static final String OCCURRED_AT = "occurredAt";
    /** The event's position in the event store's global order; absent when its producer did not know it. */
    static final String POSITION = "position";

    private UsageDocuments() {
    }

    static String id(TenantId tenantId, String eventId) {
        return tenantId.value() + "/" + eventId;
    }

    static String id(TenantId tenantId, String eventId, Meter meter) {
        return id(tenantId, eventId) + "/" + meter.wireName();
    }
}
