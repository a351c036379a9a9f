package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A non-unique (secondary) index for mongo-java-server, which otherwise ignores them and scans the whole collection.
 * It keeps, in memory, the positions of the documents per value of the index's <em>leading</em> key only: for this
 * project's indexes that key is {@code tenantId}, so a tenant's query reads that tenant's documents and never the
 * others'. It answers a query that gives the leading key one plain value (an array field is indexed per element);
 * the collection matches the candidates against the whole query and sorts them, so answers equal a scan's.
 * The positions are rebuilt from the documents when the collection is opened (an empty index is filled on adding).
 */
final class LeadingKeyIndex<P> extends Index<P> {

    private static final String ID = "_id";

    private final String leadingKey;
    /** leading value (normalised) → document id → position */
    private final Map<KeyValue, Map<Object, P>> positions = new HashMap<>();
    private long count;
    /** documents without an id cannot be removed by document, so their collection is never served from here */
    private long withoutId;

    LeadingKeyIndex(String name, List<IndexKey> keys) {
        // sparse: like the library's ignored secondary indexes, it owns no position the collection must find
        super(name, keys, true);
        this.leadingKey = keys.get(0).getKey();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        if (withoutId > 0 || !query.containsKey(leadingKey)) {
            return false;
        }
        Object value = query.get(leadingKey);
        return value != null && !(value instanceof Document) && !(value instanceof Collection)
                && !BsonRegularExpression.isRegularExpression(value);
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        Map<Object, P> matching = positions.get(normalised(query.get(leadingKey)));
        return matching == null ? List.of() : new ArrayList<>(matching.values());
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        if (!document.containsKey(ID)) {
            withoutId++;
            return;
        }
        for (KeyValue value : leadingValues(document)) {
            positions.computeIfAbsent(value, any -> new LinkedHashMap<>()).put(document.get(ID), position);
        }
        count++;
    }

    @Override
    public synchronized P remove(Document document) {
        if (!document.containsKey(ID)) {
            withoutId--;
            return null;
        }
        Object id = document.get(ID);
        boolean removed = false;
        for (KeyValue value : leadingValues(document)) {
            Map<Object, P> matching = positions.get(value);
            if (matching != null && matching.remove(id) != null) {
                removed = true;
                if (matching.isEmpty()) {
                    positions.remove(value);
                }
            }
        }
        if (removed) {
            count--;
        }
        return null;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
                                           MongoCollection<P> collection) {
        if (!leadingValues(oldDocument).equals(leadingValues(newDocument))
                || !Objects.equals(oldDocument.get(ID), newDocument.get(ID))) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }
    }

    private List<KeyValue> leadingValues(Document document) {
        Object value = Utils.getSubdocumentValue(document, leadingKey);
        if (value instanceof Collection<?> elements && !elements.isEmpty()) {
            List<KeyValue> values = new ArrayList<>(elements.size());
            elements.forEach(element -> values.add(normalised(element)));
            return values;
        }
        return List.of(normalised(value));
    }

    private static KeyValue normalised(Object value) {
        return new KeyValue(value).normalized();
    }

    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: any document may be added
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: any change is allowed
    }

    @Override
    public synchronized long getCount() {
        return count + withoutId;
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        positions.clear();
        count = 0;
        withoutId = 0;
    }
}
