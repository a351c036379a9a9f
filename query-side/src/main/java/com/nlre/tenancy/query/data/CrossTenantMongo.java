package com.nlre.tenancy.query.data;

import com.nlre.tenancy.events.MetadataKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The explicit, audited path for platform code that truly spans tenants: operator views, the tenant-status check at
 * the edge, cross-tenant probes after a miss, and the security audit log. Every read names a
 * {@link CrossTenantPurpose} and is logged (collection, purpose, the filter's field names, never its values) and
 * counted in {@value #READS_METRIC}.
 *
 * <p>It reads, and it appends to {@link AppendOnlyCollections}; it never updates or deletes anything. Tenant data
 * is written only through {@link TenantScopedMongo}.
 */
@Component
public class CrossTenantMongo {

    public static final String READS_METRIC = "nlre.platform.cross_tenant_reads";
    public static final String APPENDS_METRIC = "nlre.platform.appends";

    private static final Logger log = LoggerFactory.getLogger(CrossTenantMongo.class);

    private final MongoOperations mongo;
    private final MeterRegistry meters;
    private final ReadModelGenerations generations;

    /** Over a database's live read-model generation, loaded now (for code and tests without Spring). */
    public CrossTenantMongo(MongoOperations mongo, MeterRegistry meters) {
        this(mongo, meters, new ReadModelGenerations(mongo));
    }

    @Autowired
    public CrossTenantMongo(MongoOperations mongo, MeterRegistry meters, ReadModelGenerations generations) {
        this.mongo = mongo;
        this.meters = meters;
        this.generations = generations;
    }

    public Optional<Document> findOne(CrossTenantPurpose purpose, String collection, Document filter) {
        recordRead(purpose, collection, filter);
        return Optional.ofNullable(mongo.execute(generations.resolve(collection), target -> target.find(filter).limit(1).first()));
    }

    /**
     * @param sort  field to 1 or -1
     * @param skip  documents to skip, 0 or more
     * @param limit at most this many, at least 1
     */
    public List<Document> find(CrossTenantPurpose purpose, String collection, Document filter, Document sort,
                               long skip, int limit) {
        if (skip < 0 || limit < 1) {
            throw new IllegalStateException("skip must be 0 or more and limit at least 1");
        }
        recordRead(purpose, collection, filter);
        return mongo.execute(generations.resolve(collection), target -> target.find(filter).sort(sort)
                .skip((int) Math.min(Integer.MAX_VALUE, skip)).limit(limit).into(new ArrayList<>()));
    }

    public long count(CrossTenantPurpose purpose, String collection, Document filter) {
        recordRead(purpose, collection, filter);
        Long count = mongo.execute(generations.resolve(collection), target -> target.countDocuments(filter));
        return count == null ? 0 : count;
    }

    /** Inserts a record into an append-only platform collection; nothing can change or remove it afterwards. */
    public void append(String collection, Document record) {
        if (!AppendOnlyCollections.contains(collection)) {
            throw new IllegalStateException(collection + " is not an append-only platform collection");
        }
        Document copy = new Document(record);
        mongo.execute(generations.resolve(collection), target -> target.insertOne(copy));
        Counter.builder(APPENDS_METRIC)
                .description("Records appended to append-only platform collections")
                .tag("collection", collection)
                .register(meters)
                .increment();
        log.debug("Appended a record to {}", collection);
    }

    private void recordRead(CrossTenantPurpose purpose, String collection, Document filter) {
        if (filter == null) {
            throw new IllegalStateException("a filter is required (use an empty document to read everything)");
        }
        Counter.builder(READS_METRIC)
                .description("Reads that span tenants, by collection and purpose")
                .tag("collection", collection)
                .tag("purpose", purpose.tag())
                .register(meters)
                .increment();
        if (purpose.routine()) {
            log.debug("Cross-tenant read of {} for {} by {} on fields {}", collection, purpose.tag(),
                    actorOrSystem(), filter.keySet());
        } else {
            log.info("Cross-tenant read of {} for {} by {} on fields {}", collection, purpose.tag(),
                    actorOrSystem(), filter.keySet());
        }
    }

    private static String actorOrSystem() {
        String actor = MDC.get(MetadataKeys.ACTOR_ID);
        return actor == null ? "system" : actor;
    }
}
