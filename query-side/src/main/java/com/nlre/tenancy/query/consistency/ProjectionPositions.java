package com.nlre.tenancy.query.consistency;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far the read side has projected each aggregate: collection {@value #COLLECTION}, one document per aggregate,
 * {@code _id = tenantId + "/" + aggregateId}, with the highest aggregate sequence whose event every projection has
 * applied. Positions only move forward, so a redelivered or replayed event never moves one back. Positions are
 * tenant data like any other: read and written only through {@link TenantScopedMongo}.
 */
@Component
public class ProjectionPositions {

    public static final String COLLECTION = "projection_positions";

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;
    private final Clock clock;

    public ProjectionPositions(TenantScopedMongo mongo, MongoSchema schema, Clock clock) {
        this.mongo = mongo;
        this.schema = schema;
        this.clock = clock;
    }

    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC).named("tenantId"));
    }

    /** Records that every projection has applied the aggregate's events up to {@code sequence}. */
    public void advance(TenantId tenantId, String aggregateId, long sequence) {
        mongo.upsert(tenantId, COLLECTION, new Document("_id", id(tenantId, aggregateId)),
                new Document("$max", new Document("sequence", sequence))
                        .append("$set", new Document("aggregateId", aggregateId)
                                .append("updatedAt", Date.from(clock.instant()))));
    }

    /** The highest sequence applied for the aggregate, empty when none of its events has been projected yet. */
    public OptionalLong sequenceOf(TenantId tenantId, String aggregateId) {
        Optional<Document> position = mongo.findOne(tenantId, COLLECTION, new Document("_id", id(tenantId, aggregateId)));
        if (position.isEmpty() || !(position.get().get("sequence") instanceof Number sequence)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sequence.longValue());
    }

    private static String id(TenantId tenantId, String aggregateId) {
        return tenantId.value() + "/" + aggregateId;
    }
}
