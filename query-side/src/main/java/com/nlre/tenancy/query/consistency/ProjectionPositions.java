package com.nlre.tenancy.query.consistency;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;
import java.util.OptionalLong;

/**
 * How far the read side has projected each aggregate: collection {@value #COLLECTION}, one document per aggregate,
 * {@code _id = tenantId + "/" + aggregateId}, with the highest aggregate sequence whose event every projection has
 * applied. Positions only move forward, so a redelivered or replayed event never moves one back.
 */
@Component
public class ProjectionPositions {

    public static final String COLLECTION = "projection_positions";

    private final MongoOperations mongo;
    private final Clock clock;

    public ProjectionPositions(MongoOperations mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).named("tenantId"));
    }

    /** Records that every projection has applied the aggregate's events up to {@code sequence}. */
    public void advance(String tenantId, String aggregateId, long sequence) {
        mongo.upsert(Query.query(Criteria.where("_id").is(id(tenantId, aggregateId))),
                new Update()
                        .max("sequence", sequence)
                        .set("tenantId", tenantId)
                        .set("aggregateId", aggregateId)
                        .set("updatedAt", Date.from(clock.instant())),
                COLLECTION);
    }

    /** The highest sequence applied for the aggregate, empty when none of its events has been projected yet. */
    public OptionalLong sequenceOf(String tenantId, String aggregateId) {
        Query query = Query.query(Criteria.where("_id").is(id(tenantId, aggregateId)));
        query.fields().include("sequence");
        Document position = mongo.findOne(query, Document.class, COLLECTION);
        if (position == null || !(position.get("sequence") instanceof Number sequence)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sequence.longValue());
    }

    private static String id(String tenantId, String aggregateId) {
        return tenantId + "/" + aggregateId;
    }
}
