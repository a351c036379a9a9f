package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;
import java.util.stream.Stream;

/**
 * What the indexed databases of this package change in mongo-java-server, in one place: unique indexes that serve
 * wider queries, non-unique indexes on their leading key, and aggregations whose first stage is a {@code $match}
 * reading through those indexes instead of the whole collection. Results are the library's own; only which
 * documents are read changes.
 */
final class IndexUse {

    private static final String AGGREGATE = "aggregate";
    private static final String MATCH = "$match";

    private IndexUse() {
    }

    static <P> Index<P> unique(Index<P> libraryIndex, String name, List<IndexKey> keys, boolean sparse) {
        return new WiderQueryUniqueIndex<>(libraryIndex, name, keys, sparse);
    }

    static <P> Index<P> secondary(String name, List<IndexKey> keys) {
        return new LeadingKeyIndex<>(name, keys);
    }

    static boolean isAggregate(String command) {
        return AGGREGATE.equalsIgnoreCase(command);
    }

    /**
     * Runs an {@code aggregate} command whose pipeline starts with a {@code $match} as a query (which uses the
     * indexes) followed by the pipeline's other stages; answers {@code null} for any other aggregate (no such
     * collection, a database-level or change-stream pipeline, no leading {@code $match}), which the library runs.
     */
    static Document aggregateAfterIndexedMatch(MongoDatabase database, MongoCollection<?> collection, Document command,
                                               DatabaseResolver databaseResolver, Oplog oplog) {
        if (collection == null) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        if (pipeline.isEmpty() || pipeline.get(0).size() != 1 || !(pipeline.get(0).get(MATCH) instanceof Document match)) {
            return null;
        }
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), databaseResolver, database,
                collection, oplog);
        rest.validate(command);
        List<Document> result;
        try (Stream<Document> matched = collection.handleQueryAsStream(match)) {
            result = rest.runStages(matched);
        }
        Document cursor = new Document("id", 0L)
                .append("ns", collection.getFullName())
                .append("firstBatch", result);
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /** The collection an {@code aggregate} command names, or {@code null} for a database-level aggregate. */
    static String collectionName(Document command) {
        return command.get(AGGREGATE) instanceof String name ? name : null;
    }
}
