package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

import java.util.List;

/**
 * A unique index of mongo-java-server that also serves queries naming more fields than its keys, as MongoDB does.
 * The library's unique index only answers a query whose fields are exactly its keys, so {@code {_id: x, version:
 * {$lt: 3}}} or {@code {tenantId: t, leadId: l, deleted: false}} scanned the whole collection. This index looks the
 * candidates up by its keys alone; the collection then matches every candidate against the whole query, so the
 * answer is the same as a scan's. Everything else is the wrapped index's behaviour.
 */
final class WiderQueryUniqueIndex<P> extends Index<P> {

    private final Index<P> delegate;

    WiderQueryUniqueIndex(Index<P> delegate, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.delegate = delegate;
    }

    /** The query narrowed to this index's keys, or {@code null} when it does not name all of them. */
    private Document ownKeysOf(Document query) {
        Document own = new Document();
        for (String key : keys()) {
            if (!query.containsKey(key)) {
                return null;
            }
            own.put(key, query.get(key));
        }
        return own;
    }

    @Override
    public boolean canHandle(Document query) {
        Document own = ownKeysOf(query);
        return own != null && delegate.canHandle(own);
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return delegate.getPositions(ownKeysOf(query));
    }

    @Override
    public boolean isUnique() {
        return delegate.isUnique();
    }

    @Override
    public P getPosition(Document document) {
        return delegate.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        delegate.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        delegate.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return delegate.remove(document);
    }

    @Override
    public long getCount() {
        return delegate.getCount();
    }

    @Override
    public long getDataSize() {
        return delegate.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        delegate.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        delegate.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        delegate.drop();
    }
}
