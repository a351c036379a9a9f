package com.nlre.tenancy.query.dnc;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.Keyset;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageCursor;
import org.bson.Document;
import org.springframework.stereotype.Component;

import static com.nlre.tenancy.query.dnc.DncDocuments.COLLECTION;
import static com.nlre.tenancy.query.dnc.DncDocuments.PHONE;
import static com.nlre.tenancy.query.dnc.DncDocuments.REMOVED;

/** Reads of the do-not-call read model, through {@link TenantScopedMongo}; removed numbers are left out. */
@Component
public class DncReadModel {

    static final String ORDER = "phone";
    private static final Keyset.Order BY_PHONE = new Keyset.Order(PHONE, 1, null);

    private final TenantScopedMongo mongo;

    public DncReadModel(TenantScopedMongo mongo) {
        this.mongo = mongo;
    }

    /** One page of the numbers on the tenant's list, by number. */
    public DncPage list(TenantId tenantId, CursorParameters paging) {
        Keyset.Position after = paging.cursor() == null ? null
                : new Keyset.Position(PageCursor.decode(paging.cursor(), ORDER).key(), null);
        Keyset.Slice slice = Keyset.page(mongo, tenantId, COLLECTION, new Document(REMOVED, false), BY_PHONE, after,
                paging.limit());
        String next = null;
        if (slice.more()) {
            String last = slice.documents().get(slice.documents().size() - 1).getString(PHONE);
            next = new PageCursor(ORDER, last, last).encode();
        }
        return new DncPage(slice.documents().stream().map(DncDocuments::toView).toList(), next);
    }
}
