package com.nlre.tenancy.query.dnc;

import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Date;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per number that is or was on a tenant's
 * do-not-call list, {@code _id} = {@code tenantId + "/" + phone} (unique index {@code {tenantId: 1, phone: 1}} as
 * well). A removed number stays as a tombstone ({@code removed: true}) so that a replayed addition cannot put it
 * back. {@code version} is the sequence, in the tenant's do-not-call stream (aggregate {@code <tenantId>.dnc}), of
 * the last event applied to the number.
 */
final class DncDocuments {

    static final String COLLECTION = "do_not_call";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String PHONE = "phone";
    static final String REASON = "reason";
    static final String ADDED_AT = "addedAt";
    static final String REMOVED = "removed";
    static final String REMOVED_AT = "removedAt";
    static final String VERSION = "version";

    private DncDocuments() {
    }

    static String id(TenantId tenantId, String phone) {
        return tenantId.value() + "/" + phone;
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static DncNumberView toView(Document document) {
        Date addedAt = document.getDate(ADDED_AT);
        return new DncNumberView(document.getString(PHONE), document.getString(REASON),
                addedAt == null ? null : addedAt.toInstant());
    }
}
