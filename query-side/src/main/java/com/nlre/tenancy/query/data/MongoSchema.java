package com.nlre.tenancy.query.data;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.stereotype.Component;

/** Index definitions of the read models: schema, never data. Idempotent; called at start-up. */
@Component
public class MongoSchema {

    private final MongoOperations mongo;

    public MongoSchema(MongoOperations mongo) {
        this.mongo = mongo;
    }

    public void ensureIndex(String collection, IndexDefinition index) {
        mongo.indexOps(collection).createIndex(index);
    }
}
