package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/**
 * mongo-java-server's in-memory backend, using indexes as {@link IndexUse} describes: what the tests' embedded
 * MongoDB runs on, so that their queries read the same documents a real MongoDB's indexes would give them.
 */
public final class IndexedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }
}
