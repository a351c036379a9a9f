package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.Keyset;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageCursor;
import org.bson.Document;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static com.nlre.tenancy.query.call.CallDocuments.AGENT_ID;
import static com.nlre.tenancy.query.call.CallDocuments.COLLECTION;
import static com.nlre.tenancy.query.call.CallDocuments.ID;
import static com.nlre.tenancy.query.call.CallDocuments.INITIATED_AT;
import static com.nlre.tenancy.query.call.CallDocuments.LEAD_ID;

/**
 * Reads of the calls read model, always newest first (ties: the later recorded first), through
 * {@link TenantScopedMongo}. Callers decide whether the lead is visible: these methods answer whatever the tenant's
 * calls are.
 */
@Component
public class CallReadModel {

    /** The order of every call list, as its cursors name it. */
    static final String ORDER = "-initiatedAt";
    private static final Keyset.Order NEWEST_FIRST = new Keyset.Order(INITIATED_AT, -1, ID);
    private static final int MAX_ID = 256;

    private final TenantScopedMongo mongo;

    public CallReadModel(TenantScopedMongo mongo) {
        this.mongo = mongo;
    }

    /** The lead's latest calls, blocked ones included. */
    public List<CallView> recent(TenantId tenantId, LeadId leadId, int limit) {
        return mongo.find(tenantId, COLLECTION, new Document(LEAD_ID, leadId.value()),
                        new Document(INITIATED_AT, -1).append(ID, -1), 0, limit)
                .stream().map(CallDocuments::toView).toList();
    }

    /** One page of the lead's calls, blocked ones included. */
    public CallPage forLead(TenantId tenantId, LeadId leadId, CursorParameters paging) {
        return page(tenantId, new Document(LEAD_ID, leadId.value()), paging);
    }

    /**
     * One page of the tenant's calls, optionally only an agent's, optionally only those initiated in
     * {@code [from, to)}.
     */
    public CallPage list(TenantId tenantId, @Nullable String agentId, @Nullable Instant from, @Nullable Instant to,
                         CursorParameters paging) {
        Document filter = new Document();
        if (agentId != null) {
            filter.append(AGENT_ID, agentId);
        }
        if (from != null || to != null) {
            Document range = new Document();
            if (from != null) {
                range.append("$gte", Date.from(from));
            }
            if (to != null) {
                range.append("$lt", Date.from(to));
            }
            filter.append(INITIATED_AT, range);
        }
        return page(tenantId, filter, paging);
    }

    private CallPage page(TenantId tenantId, Document filter, CursorParameters paging) {
        Keyset.Position after = null;
        if (paging.cursor() != null) {
            PageCursor cursor = PageCursor.decode(paging.cursor(), ORDER);
            if (cursor.id().length() > MAX_ID) {
                throw PageCursor.invalid();
            }
            after = new Keyset.Position(cursor.dateKey(), cursor.id());
        }
        Keyset.Slice slice = Keyset.page(mongo, tenantId, COLLECTION, filter, NEWEST_FIRST, after, paging.limit());
        String next = null;
        if (slice.more()) {
            Document last = slice.documents().get(slice.documents().size() - 1);
            next = PageCursor.of(ORDER, last.getDate(INITIATED_AT), last.getString(ID)).encode();
        }
        return new CallPage(slice.documents().stream().map(CallDocuments::toView).toList(), next);
    }
}
