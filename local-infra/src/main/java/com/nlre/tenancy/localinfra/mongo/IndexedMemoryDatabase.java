package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.List;

/** The in-memory database of mongo-java-server, using indexes as {@link IndexUse} describes. */
final class IndexedMemoryDatabase extends MemoryDatabase {

    IndexedMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        return IndexUse.unique(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse), indexName, keys,
                sparse);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
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
