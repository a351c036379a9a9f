package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.AppendOnlyCollections;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.web.PageParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The append-only security audit log, collection {@value AppendOnlyCollections#SECURITY_AUDIT}: records are only
 * ever inserted (through {@link CrossTenantMongo#append}); nothing in this service updates or deletes them.
 *
 * <p>Appending happens off the request thread, on one writer thread, so recording a cross-tenant attempt adds nothing
 * to that request's response time: the 404 for another tenant's id takes as long as the 404 for an unknown one. The
 * queue is bounded; when it is full the request thread writes the record itself rather than drop it. A record the
 * database refuses is logged (without personal data) and counted in {@value #FAILURES_METRIC}. On shutdown the queue
 * is drained for up to 10 s.
 */
@Component
public class SecurityAuditLog implements InitializingBean, DisposableBean {

    public static final String COLLECTION = AppendOnlyCollections.SECURITY_AUDIT;
    public static final String FAILURES_METRIC = "nlre.security.audit_write_failures";

    static final String KIND = "kind";
    static final String ACTOR = "actor";
    static final String ACTOR_TYPE = "actorType";
    static final String ACTOR_TENANT_ID = "actorTenantId";
    static final String TARGET_TENANT_ID = "targetTenantId";
    static final String METHOD = "method";
    static final String ROUTE = "route";
    static final String PATH = "path";
    static final String STATUS = "status";
    static final String RESOURCE_TYPE = "resourceType";
    static final String RESOURCE_ID = "resourceId";
    static final String SOURCE_ADDRESS = "sourceAddress";
    static final String OCCURRED_AT = "occurredAt";
    static final String CORRELATION_ID = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(SecurityAuditLog.class);
    private static final int QUEUE_CAPACITY = 10_000;

    private final CrossTenantMongo mongo;
    private final MongoSchema schema;
    private final Executor writer;
    private final Counter failures;

    @Autowired
    public SecurityAuditLog(CrossTenantMongo mongo, MongoSchema schema, MeterRegistry meters) {
        this(mongo, schema, meters, singleWriterThread());
    }

    /** @param writer where appends run; a direct executor in tests */
    SecurityAuditLog(CrossTenantMongo mongo, MongoSchema schema, MeterRegistry meters, Executor writer) {
        this.mongo = mongo;
        this.schema = schema;
        this.writer = writer;
        this.failures = Counter.builder(FAILURES_METRIC)
                .description("Security audit records the database refused")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        schema.ensureIndex(COLLECTION, new Index().on(OCCURRED_AT, Sort.Direction.DESC).named("occurredAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TARGET_TENANT_ID, Sort.Direction.ASC).on(OCCURRED_AT, Sort.Direction.DESC)
                .named("targetTenantId_occurredAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(ACTOR_TENANT_ID, Sort.Direction.ASC).on(OCCURRED_AT, Sort.Direction.DESC)
                .named("actorTenantId_occurredAt"));
    }

    /** Queues the entry for insertion; its {@code auditId} is ignored (the database assigns one). */
    public void append(SecurityAuditEntry entry) {
        Document record = toDocument(entry);
        writer.execute(() -> write(record, entry));
    }

    /**
     * Appends a record at once, on the calling thread, under the given id; appending the same id again changes
     * nothing (a redelivered record is stored once).
     *
     * @return true if appended, false if a record with this id was there already
     */
    public boolean appendOnce(String auditId, SecurityAuditEntry entry) {
        try {
            mongo.append(COLLECTION, toDocument(entry).append("_id", auditId));
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    /**
     * Entries newest first.
     *
     * @param tenantId entries where this tenant is the actor's or the target's; null for all
     * @param kind     null for all kinds
     * @param from     inclusive; null for no lower bound
     * @param to       exclusive; null for no upper bound
     */
    public SecurityAuditPage list(@Nullable TenantId tenantId, @Nullable SecurityAuditKind kind,
                                  @Nullable Instant from, @Nullable Instant to, PageParameters paging) {
        Document filter = new Document();
        if (tenantId != null) {
            filter.append("$or", List.of(new Document(ACTOR_TENANT_ID, tenantId.value()),
                    new Document(TARGET_TENANT_ID, tenantId.value())));
        }
        if (kind != null) {
            filter.append(KIND, kind.wireName());
        }
        if (from != null || to != null) {
            Document range = new Document();
            if (from != null) {
                range.append("$gte", Date.from(from));
            }
            if (to != null) {
                range.append("$lt", Date.from(to));
            }
            filter.append(OCCURRED_AT, range);
        }
        long total = mongo.count(CrossTenantPurpose.SECURITY_AUDIT, COLLECTION, filter);
        List<SecurityAuditEntry> items = mongo.find(CrossTenantPurpose.SECURITY_AUDIT, COLLECTION, filter,
                        new Document(OCCURRED_AT, -1).append("_id", -1), paging.skip(), paging.size()).stream()
                .map(SecurityAuditLog::toEntry)
                .toList();
        return new SecurityAuditPage(items, paging.page(), paging.size(), total, paging.totalPages(total));
    }

    @Override
    public void destroy() throws InterruptedException {
        if (writer instanceof ExecutorService service) {
            service.shutdown();
            if (!service.awaitTermination(10, TimeUnit.SECONDS)) {
                log.error("Security audit writer did not drain within 10 s; {} records not written",
                        service.shutdownNow().size());
            }
        }
    }

    private void write(Document record, SecurityAuditEntry entry) {
        try {
            mongo.append(COLLECTION, record);
        } catch (RuntimeException e) {
            failures.increment();
            String previous = MDC.get(MetadataKeys.CORRELATION_ID);
            MDC.put(MetadataKeys.CORRELATION_ID, entry.correlationId());
            log.error("Could not append a {} record to the security audit log", entry.kind().wireName(), e);
            if (previous == null) {
                MDC.remove(MetadataKeys.CORRELATION_ID);
            } else {
                MDC.put(MetadataKeys.CORRELATION_ID, previous);
            }
        }
    }

    private static Document toDocument(SecurityAuditEntry entry) {
        return new Document(KIND, entry.kind().wireName())
                .append(ACTOR, entry.actor())
                .append(ACTOR_TYPE, entry.actorType())
                .append(ACTOR_TENANT_ID, entry.actorTenantId())
                .append(TARGET_TENANT_ID, entry.targetTenantId())
                .append(METHOD, entry.method())
                .append(ROUTE, entry.route())
                .append(PATH, entry.path())
                .append(STATUS, entry.status())
                .append(RESOURCE_TYPE, entry.resourceType())
                .append(RESOURCE_ID, entry.resourceId())
                .append(SOURCE_ADDRESS, entry.sourceAddress())
                .append(OCCURRED_AT, Date.from(entry.occurredAt()))
                .append(CORRELATION_ID, entry.correlationId());
    }

    private static SecurityAuditEntry toEntry(Document document) {
        Object id = document.get("_id");
        Date occurredAt = document.getDate(OCCURRED_AT);
        return new SecurityAuditEntry(
                id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id),
                SecurityAuditKind.parse(document.getString(KIND)).orElse(null),
                document.getString(ACTOR),
                document.getString(ACTOR_TYPE),
                document.getString(ACTOR_TENANT_ID),
                document.getString(TARGET_TENANT_ID),
                document.getString(METHOD),
                document.getString(ROUTE),
                document.getString(PATH),
                document.getInteger(STATUS),
                document.getString(RESOURCE_TYPE),
                document.getString(RESOURCE_ID),
                document.getString(SOURCE_ADDRESS),
                occurredAt == null ? null : occurredAt.toInstant(),
                document.getString(CORRELATION_ID));
    }

    private static ExecutorService singleWriterThread() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                runnable -> {
                    Thread thread = new Thread(runnable, "security-audit-writer");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
