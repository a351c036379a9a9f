package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's backend on one H2 MVStore file, using indexes as {@link IndexUse} describes, and writing each
 * change to the file before the command is answered, so an acknowledged write survives the process being killed (a
 * plain MVStore commits in the background, up to a second later). A projection may commit its Kafka offset as soon
 * as MongoDB acknowledges, so a lost acknowledged write would never be redone.
 */
public final class IndexedH2Backend extends H2Backend {

    /** Databases already in the file are opened by the super constructor, so the store is always read from it. */
    public IndexedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            commitPendingChanges();
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            commitPendingChanges();
        }
    }

    private void commitPendingChanges() {
        MVStore store = getMvStore();
        if (!store.isClosed() && store.hasUnsavedChanges()) {
            store.commit();
        }
    }
}
