package com.nlre.tenancy.query.data;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.stereotype.Component;

/**
 * Index definitions of the read models: schema, never data. Idempotent; called at start-up and for every generation a
 * rebuild creates (names resolved through {@link ReadModelGenerations}).
 */
@Component
public class MongoSchema {

    private final MongoOperations mongo;
    private final ReadModelGenerations generations;

    /** Over a database's live read-model generation, loaded now (for code and tests without Spring). */
    public MongoSchema(MongoOperations mongo) {
        this(mongo, new ReadModelGenerations(mongo));
    }

    @Autowired
    public MongoSchema(MongoOperations mongo, ReadModelGenerations generations) {
        this.mongo = mongo;
        this.generations = generations;
    }

    public void ensureIndex(String collection, IndexDefinition index) {
        mongo.indexOps(generations.resolve(collection)).createIndex(index);
    }
}
