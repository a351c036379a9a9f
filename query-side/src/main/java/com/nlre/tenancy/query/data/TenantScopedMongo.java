package com.nlre.tenancy.query.data;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way the query side reads and writes a tenant's documents. Every method takes the tenant and puts
 * {@value #TENANT_ID} into the filter (reads, updates) or the document (inserts) itself, so no query it runs can
 * reach another tenant's data.
 *
 * <p>Refusals, all {@link IllegalStateException} (a programming error, answered as a logged 500, never echoed to a
 * client and never a silent full scan):
 * <ul>
 *   <li>no tenant;</li>
 *   <li>a tenant other than the request's own, when the current thread serves a tenant principal;</li>
 *   <li>a caller's filter or document that already names {@value #TENANT_ID}, or a filter with a top-level
 *   {@code $} operator ({@code $or}, {@code $where}, {@code $expr}…) that could widen it;</li>
 *   <li>an update that is not made of update operators, or that would change {@value #TENANT_ID} or {@code _id};</li>
 *   <li>any access to an {@link AppendOnlyCollections append-only} platform collection, and any update or upsert of an
 *   {@link AppendOnlyCollections#isTenantInsertOnly insert-only} tenant collection;</li>
 *   <li>in an aggregation: a stage outside {@link #AGGREGATION_STAGES} (nothing that reads another collection,
 *   writes, or must come first), a {@code $match} that names {@value #TENANT_ID}, or server-side JavaScript
 *   ({@code $where}, {@code $function}, {@code $accumulator}) anywhere.</li>
 * </ul>
 * There is deliberately no delete of read models: they keep tombstones, so a replayed event never resurrects a
 * document. Only {@link DisposableCollections} (stored artefacts no event rebuilds) can be deleted from.
 * Code that truly spans tenants uses {@link CrossTenantMongo} instead, which records every call. Collection names are
 * resolved through {@link ReadModelGenerations}, so the same code reads the live generation or builds a shadow one.
 */
@Component
public class TenantScopedMongo {

    public static final String TENANT_ID = "tenantId";
    private static final String ID = "_id";
    private static final Set<String> UPDATE_OPERATORS = Set.of("$set", "$unset", "$setOnInsert", "$inc", "$max",
            "$min", "$push", "$pull", "$addToSet", "$currentDate");

    /**
     * The stages an aggregation may use after the leading tenant {@code $match}: each works only on the documents
     * that stage hands it, so none can reach past the tenant's own.
     */
    public static final Set<String> AGGREGATION_STAGES = Set.of("$match", "$group", "$sort", "$project", "$limit",
            "$skip", "$count", "$unwind", "$addFields", "$set", "$unset", "$sortByCount", "$bucket", "$replaceRoot");
    private static final Set<String> JAVASCRIPT_OPERATORS = Set.of("$where", "$function", "$accumulator");

    private final MongoOperations mongo;
    private final ReadModelGenerations generations;

    /** Over a database's live read-model generation, loaded now (for code and tests without Spring). */
    public TenantScopedMongo(MongoOperations mongo) {
        this(mongo, new ReadModelGenerations(mongo));
    }

    @Autowired
    public TenantScopedMongo(MongoOperations mongo, ReadModelGenerations generations) {
        this.mongo = mongo;
        this.generations = generations;
    }

    /** Inserts the document with the tenant added; a duplicate key propagates as {@link DuplicateKeyException}. */
    public void insert(TenantId tenantId, String collection, Document document) {
        Document scoped = scopedDocument(tenantId, collection, document);
        mongo.execute(generations.resolve(collection), target -> target.insertOne(scoped));
    }

    /**
     * Inserts the document with the tenant added unless one with the same unique key exists: the idempotent way to
     * apply an event that creates a document.
     *
     * @return true if inserted, false if it already existed
     */
    public boolean insertIfAbsent(TenantId tenantId, String collection, Document document) {
        try {
            insert(tenantId, collection, document);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    public Optional<Document> findOne(TenantId tenantId, String collection, Document filter) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        return Optional.ofNullable(mongo.execute(generations.resolve(collection), target -> target.find(scoped).limit(1).first()));
    }

    public boolean exists(TenantId tenantId, String collection, Document filter) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        return Boolean.TRUE.equals(mongo.execute(generations.resolve(collection),
                target -> target.find(scoped).projection(new Document(ID, 1)).limit(1).first() != null));
    }

    /**
     * One window of the tenant's matching documents.
     *
     * @param sort  field to 1 or -1; empty for natural order
     * @param skip  documents to skip, 0 or more
     * @param limit at most this many, at least 1
     */
    public List<Document> find(TenantId tenantId, String collection, Document filter, Document sort, long skip,
                               int limit) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        if (skip < 0 || limit < 1) {
            throw new IllegalStateException("skip must be 0 or more and limit at least 1");
        }
        return mongo.execute(generations.resolve(collection), target -> target.find(scoped).sort(sort)
                .skip((int) Math.min(Integer.MAX_VALUE, skip)).limit(limit).into(new ArrayList<>()));
    }

    public long count(TenantId tenantId, String collection, Document filter) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        Long count = mongo.execute(generations.resolve(collection), target -> target.countDocuments(scoped));
        return count == null ? 0 : count;
    }

    /**
     * Applies update operators to the first of the tenant's documents that matches.
     *
     * @return true if a document matched
     */
    public boolean updateOne(TenantId tenantId, String collection, Document filter, Document update) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        checkUpdatable(collection);
        checkUpdate(update);
        UpdateResult result = mongo.execute(generations.resolve(collection), target -> target.updateOne(scoped, update));
        return result != null && result.getMatchedCount() > 0;
    }

    /**
     * Applies update operators to every one of the tenant's documents that match.
     *
     * @return how many documents matched
     */
    public long updateMany(TenantId tenantId, String collection, Document filter, Document update) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        checkUpdatable(collection);
        checkUpdate(update);
        UpdateResult result = mongo.execute(generations.resolve(collection), target -> target.updateMany(scoped, update));
        return result == null ? 0 : result.getMatchedCount();
    }

    /** Applies update operators to the tenant's matching document, creating it (with the tenant) if there is none. */
    public void upsert(TenantId tenantId, String collection, Document filter, Document update) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        checkUpdatable(collection);
        checkUpdate(update);
        Document setOnInsert = new Document();
        Document callersSetOnInsert = update.get("$setOnInsert", Document.class);
        if (callersSetOnInsert != null) {
            setOnInsert.putAll(callersSetOnInsert);
        }
        setOnInsert.put(TENANT_ID, tenantId.value());
        Document withTenant = new Document(update).append("$setOnInsert", setOnInsert);
        mongo.execute(generations.resolve(collection), target -> target.updateOne(scoped, withTenant, new UpdateOptions().upsert(true)));
    }

    /**
     * Runs an aggregation over the tenant's documents only: the layer puts {@code {$match: {tenantId}}} in front of
     * the caller's stages, so every later stage sees nothing but the tenant's documents.
     *
     * @param pipeline stages from {@link #AGGREGATION_STAGES}, one operator each
     * @return the pipeline's output documents, in the order it produces them
     */
    public List<Document> aggregate(TenantId tenantId, String collection, List<Document> pipeline) {
        checkAccess(tenantId, collection);
        if (pipeline == null) {
            throw new IllegalStateException("a pipeline is required");
        }
        List<Document> scoped = new ArrayList<>(pipeline.size() + 1);
        scoped.add(new Document("$match", new Document(TENANT_ID, tenantId.value())));
        for (Document stage : pipeline) {
            checkStage(stage);
            scoped.add(new Document(stage));
        }
        return mongo.execute(generations.resolve(collection), target -> target.aggregate(scoped).into(new ArrayList<>()));
    }

    /**
     * Deletes the tenant's matching documents of a {@link DisposableCollections disposable} collection; every other
     * collection is refused.
     *
     * @return how many were deleted
     */
    public long deleteMany(TenantId tenantId, String collection, Document filter) {
        Document scoped = scopedFilter(tenantId, collection, filter);
        if (!DisposableCollections.contains(collection)) {
            throw new IllegalStateException(collection + " is not disposable: its documents are never deleted");
        }
        Long deleted = mongo.execute(generations.resolve(collection),
                target -> target.deleteMany(scoped).getDeletedCount());
        return deleted == null ? 0 : deleted;
    }

    private static void checkStage(@Nullable Document stage) {
        if (stage == null || stage.size() != 1) {
            throw new IllegalStateException("every aggregation stage is a document with exactly one operator");
        }
        String operator = stage.keySet().iterator().next();
        if (!AGGREGATION_STAGES.contains(operator)) {
            throw new IllegalStateException("aggregation stage '" + operator + "' is refused in a tenant-scoped "
                    + "pipeline");
        }
        if (operator.equals("$match")) {
            if (!(stage.get(operator) instanceof Document match)) {
                throw new IllegalStateException("$match needs a document");
            }
            match.keySet().forEach(key -> checkNotTenantField(key, "$match"));
        }
        checkNoJavaScript(stage);
    }

    private static void checkNoJavaScript(@Nullable Object value) {
        if (value instanceof Document document) {
            document.forEach((key, nested) -> {
                if (JAVASCRIPT_OPERATORS.contains(key)) {
                    throw new IllegalStateException("'" + key + "' (server-side JavaScript) is refused");
                }
                checkNoJavaScript(nested);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(TenantScopedMongo::checkNoJavaScript);
        }
    }

    private static Document scopedFilter(@Nullable TenantId tenantId, String collection, Document filter) {
        checkAccess(tenantId, collection);
        if (filter == null) {
            throw new IllegalStateException("a filter is required (use an empty document for all of the tenant's)");
        }
        for (String key : filter.keySet()) {
            if (key.startsWith("$")) {
                throw new IllegalStateException("top-level operator '" + key + "' is refused in a tenant-scoped filter");
            }
            checkNotTenantField(key, "filter");
        }
        Document scoped = new Document(filter);
        scoped.put(TENANT_ID, tenantId.value());
        return scoped;
    }

    private static Document scopedDocument(@Nullable TenantId tenantId, String collection, Document document) {
        checkAccess(tenantId, collection);
        if (document == null) {
            throw new IllegalStateException("no document to insert");
        }
        document.keySet().forEach(key -> checkNotTenantField(key, "document"));
        Document scoped = new Document(document);
        scoped.put(TENANT_ID, tenantId.value());
        return scoped;
    }

    private static void checkUpdatable(String collection) {
        if (AppendOnlyCollections.isTenantInsertOnly(collection)) {
            throw new IllegalStateException(collection + " is insert-only: its documents are never changed");
        }
    }

    private static void checkUpdate(Document update) {
        if (update == null || update.isEmpty()) {
            throw new IllegalStateException("an update needs at least one update operator");
        }
        update.forEach((operator, fields) -> {
            if (!UPDATE_OPERATORS.contains(operator)) {
                throw new IllegalStateException("'" + operator + "' is not an accepted update operator");
            }
            if (!(fields instanceof Document changed)) {
                throw new IllegalStateException(operator + " needs a document of fields");
            }
            changed.keySet().forEach(field -> {
                checkNotTenantField(field, "update");
                if (field.equals(ID) || field.startsWith(ID + ".")) {
                    throw new IllegalStateException("an update must not change _id");
                }
            });
        });
    }

    private static void checkAccess(@Nullable TenantId tenantId, String collection) {
        if (tenantId == null) {
            throw new IllegalStateException("no tenant: tenant-scoped data is never read or written without one");
        }
        if (AppendOnlyCollections.contains(collection)) {
            throw new IllegalStateException(collection + " is a platform collection; use CrossTenantMongo");
        }
        Optional<TenantPrincipal> caller = TenantContext.current();
        if (caller.isPresent() && !caller.get().tenantId().equals(tenantId)) {
            throw new IllegalStateException("a request of one tenant must not touch another tenant's data");
        }
    }

    private static void checkNotTenantField(String key, String what) {
        if (key.equals(TENANT_ID) || key.startsWith(TENANT_ID + ".")) {
            throw new IllegalStateException("the " + what + " must not name " + TENANT_ID + ": the layer sets it");
        }
    }
}
