package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.List;

/** The H2-file database of mongo-java-server, using indexes as {@link IndexUse} describes. */
final class IndexedH2Database extends H2Database {

    IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        return IndexUse.unique(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse), indexName, keys,
                sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        return IndexUse.secondary(indexName, keys);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
                                  Oplog oplog) {
        if (IndexUse.isAggregate(command) && IndexUse.collectionName(query) != null) {
            Document answer = IndexUse.aggregateAfterIndexedMatch(this,
                    resolveCollection(IndexUse.collectionName(query), false), query, databaseResolver, oplog);
            if (answer != null) {
                clearLastStatus(channel);
                return answer;
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }
}
