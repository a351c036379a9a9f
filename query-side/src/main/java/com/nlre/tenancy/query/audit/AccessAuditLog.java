package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.audit.AccessOutcome;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.AppendOnlyCollections;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.Keyset;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageCursor;
import com.nlre.tenancy.web.audit.ResourceIdPseudonyms;
import org.bson.Document;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access audit trail (SOC 2), collection {@value AppendOnlyCollections#ACCESS_AUDIT}: one document per
 * authenticated request of either service, in the partition of the tenant it concerned. Written and read only through
 * {@link TenantScopedMongo}, which inserts into this collection but refuses to update it, and has no delete: records
 * are append-only. Each is stored under its {@code recordId}, so a redelivered record is stored once.
 *
 * <p>An operator request that names no tenant has no partition here; a command-side one is appended to the
 * {@link SecurityAuditLog} as an {@code operator_action} instead (the query side records its own operator requests
 * there already, through {@link OperatorActionAudit}).
 *
 * <p>Indexes lead with the tenant, then time: the tenant's trail newest first, and by actor or resource id within it.
 */
@Component
public class AccessAuditLog implements InitializingBean {

    public static final String COLLECTION = AppendOnlyCollections.ACCESS_AUDIT;
    /** The order of every access audit list, as its cursors name it. */
    static final String ORDER = "-occurredAt";

    private static final String ID = "_id";
    private static final String OCCURRED_AT = "occurredAt";
    private static final String ACTOR_ID = "actorId";
    private static final String ACTOR_TYPE = "actorType";
    private static final String METHOD = "method";
    private static final String ROUTE = "route";
    private static final String RESOURCE_IDS = "resourceIds";
    /** The values of {@value #RESOURCE_IDS}, as an array the resource-id search and its index use. */
    private static final String RESOURCE_ID_VALUES = "resourceIdValues";
    private static final String STATUS = "status";
    private static final String OUTCOME = "outcome";
    private static final String CORRELATION_ID = "correlationId";
    private static final String SERVICE = "service";
    private static final int MAX_ID = 64;
    private static final Keyset.Order NEWEST_FIRST = new Keyset.Order(OCCURRED_AT, -1, ID);

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo platform;
    private final MongoSchema schema;
    private final SecurityAuditLog securityAudit;
    private final ResourceIdPseudonyms pseudonyms;

    public AccessAuditLog(TenantScopedMongo mongo, CrossTenantMongo platform, MongoSchema schema,
                          SecurityAuditLog securityAudit, ResourceIdPseudonyms pseudonyms) {
        this.mongo = mongo;
        this.platform = platform;
        this.schema = schema;
        this.securityAudit = securityAudit;
        this.pseudonyms = pseudonyms;
    }

    @Override
    public void afterPropertiesSet() {
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on(OCCURRED_AT, Sort.Direction.DESC).on(ID, Sort.Direction.DESC).named("tenant_occurredAt"));
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on(ACTOR_ID, Sort.Direction.ASC).on(OCCURRED_AT, Sort.Direction.DESC).named("tenant_actor_occurredAt"));
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on(RESOURCE_ID_VALUES, Sort.Direction.ASC).on(OCCURRED_AT, Sort.Direction.DESC)
                .named("tenant_resource_occurredAt"));
        schema.ensureIndex(COLLECTION, new Index().on(OCCURRED_AT, Sort.Direction.DESC).on(ID, Sort.Direction.DESC)
                .named("occurredAt"));
    }

    /**
     * Stores a record once: again with the same {@code recordId} changes nothing.
     *
     * @return true if stored now, false if it was there already
     */
    public boolean store(AccessRecord accessRecord) {
        if (accessRecord.tenantId() == null) {
            return securityAudit.appendOnce(accessRecord.recordId(), new SecurityAuditEntry(null,
                    SecurityAuditKind.OPERATOR_ACTION, accessRecord.actorId(), accessRecord.actorType(), null, null,
                    accessRecord.method(), accessRecord.route(), null, accessRecord.status(), null, null, null,
                    accessRecord.occurredAt(), accessRecord.correlationId()));
        }
        return mongo.insertIfAbsent(new TenantId(accessRecord.tenantId()), COLLECTION, toDocument(accessRecord));
    }

    /** The tenant's records, newest first. */
    public AccessAuditPage list(TenantId tenantId, AccessAuditQuery query, CursorParameters paging) {
        Keyset.Position after = positionOf(paging);
        Keyset.Slice slice = Keyset.page(mongo, tenantId, COLLECTION, filterOf(query), NEWEST_FIRST, after,
                paging.limit());
        return pageOf(slice.documents(), slice.more());
    }

    /** Every tenant's records, newest first (operators). */
    public AccessAuditPage listAcrossTenants(AccessAuditQuery query, CursorParameters paging) {
        Keyset.Position after = positionOf(paging);
        Document filter = filterOf(query);
        if (after != null) {
            filter = new Document("$and", List.of(filter, new Document("$or", List.of(
                    new Document(OCCURRED_AT, new Document("$lt", after.key())),
                    new Document(OCCURRED_AT, after.key()).append(ID, new Document("$lt", after.tiebreakValue()))))));
        }
        List<Document> found = platform.find(CrossTenantPurpose.ACCESS_AUDIT, COLLECTION, filter,
                new Document(OCCURRED_AT, -1).append(ID, -1), 0, paging.limit() + 1);
        boolean more = found.size() > paging.limit();
        return pageOf(more ? found.subList(0, paging.limit()) : found, more);
    }

    @Nullable
    private static Keyset.Position positionOf(CursorParameters paging) {
        if (paging.cursor() == null) {
            return null;
        }
        PageCursor cursor = PageCursor.decode(paging.cursor(), ORDER);
        if (cursor.id().length() > MAX_ID) {
            throw PageCursor.invalid();
        }
        return new Keyset.Position(cursor.dateKey(), cursor.id());
    }

    private Document filterOf(AccessAuditQuery query) {
        Document filter = new Document();
        if (query.from() != null || query.to() != null) {
            Document range = new Document();
            if (query.from() != null) {
                range.append("$gte", Date.from(query.from()));
            }
            if (query.to() != null) {
                range.append("$lt", Date.from(query.to()));
            }
            filter.append(OCCURRED_AT, range);
        }
        if (query.actorId() != null) {
            filter.append(ACTOR_ID, query.actorId());
        }
        if (query.route() != null) {
            filter.append(ROUTE, query.route());
        }
        if (query.resourceId() != null) {
            filter.append(RESOURCE_ID_VALUES, new Document("$in",
                    List.copyOf(pseudonyms.candidates(query.resourceId()))));
        }
        return filter;
    }

    private static AccessAuditPage pageOf(List<Document> documents, boolean more) {
        String next = null;
        if (more && !documents.isEmpty()) {
            Document last = documents.get(documents.size() - 1);
            next = PageCursor.of(ORDER, last.getDate(OCCURRED_AT), last.getString(ID)).encode();
        }
        return new AccessAuditPage(documents.stream().map(AccessAuditLog::toRecord).toList(), next);
    }

    private static Document toDocument(AccessRecord accessRecord) {
        return new Document(ID, accessRecord.recordId())
                .append(OCCURRED_AT, Date.from(accessRecord.occurredAt()))
                .append(ACTOR_ID, accessRecord.actorId())
                .append(ACTOR_TYPE, accessRecord.actorType())
                .append(METHOD, accessRecord.method())
                .append(ROUTE, accessRecord.route())
                .append(RESOURCE_IDS, new Document(new LinkedHashMap<>(accessRecord.resourceIds())))
                .append(RESOURCE_ID_VALUES, new ArrayList<>(accessRecord.resourceIds().values()))
                .append(STATUS, accessRecord.status())
                .append(OUTCOME, accessRecord.outcome().wireName())
                .append(CORRELATION_ID, accessRecord.correlationId())
                .append(SERVICE, accessRecord.service());
    }

    private static AccessRecord toRecord(Document document) {
        Map<String, String> resourceIds = new LinkedHashMap<>();
        Document stored = document.get(RESOURCE_IDS, Document.class);
        if (stored != null) {
            stored.forEach((name, value) -> resourceIds.put(name, String.valueOf(value)));
        }
        Integer status = document.getInteger(STATUS);
        return new AccessRecord(document.getString(ID), document.getDate(OCCURRED_AT).toInstant(),
                document.getString(TenantScopedMongo.TENANT_ID), document.getString(ACTOR_ID),
                document.getString(ACTOR_TYPE), document.getString(METHOD), document.getString(ROUTE), resourceIds,
                status == null ? 0 : status, AccessOutcome.parse(document.getString(OUTCOME)).orElse(null),
                document.getString(CORRELATION_ID), document.getString(SERVICE));
    }
}
