package com.nlre.tenancy.query.data;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Generations of the read models, so they can be rebuilt from the event stream beside the live ones and then switched
 * to. Every collection name the data layer uses ({@link TenantScopedMongo}, {@link CrossTenantMongo},
 * {@link MongoSchema}) goes through {@link #resolve}:
 * <ul>
 *   <li>a thread {@linkplain #inGeneration working on a shadow generation} (the rebuild) gets
 *   {@code <name>__g<generation>} for every collection it touches, and the set of those names is recorded;</li>
 *   <li>every other thread gets the live generation's name for the collections that generation was built with, and
 *   the plain name for all others. Generation 0 is the plain name, so a database that never saw a rebuild reads as
 *   before.</li>
 * </ul>
 * Collections that are not derived from events (the security audit log, the dead letters, this pointer) are never
 * generational: the rebuild only touches what the projections write, so nothing it did not rebuild is switched away.
 *
 * <p>The live pointer is one document in {@value #COLLECTION} ({@code _id: "live"}: generation, collections, and the
 * previous generation kept until the next rebuild of all starts), loaded at start, read again every
 * {@code nlre.rebuild.pointer-refresh} (1 s) and changed by {@link #switchTo} with a single-document write: readers
 * see the old generation or the new one, never a mix. MongoDB transactions are not
 * needed (the embedded server has none).
 *
 * <p>{@link #projectLive} and {@link #exclusively} are the projection gate: the live consumer projects each event
 * holding the shared side, and a rebuild takes the exclusive side for its final catch-up and switch, so no event is
 * projected into the old generation after the rebuild's last read. The gate covers this instance's consumer.
 */
@Component
public class ReadModelGenerations {

    public static final String COLLECTION = "read_model_generations";
    private static final String LIVE = "live";
    private static final String SEQUENCE = "sequence";
    private static final String SEPARATOR = "__g";
    private static final Set<String> NEVER_GENERATIONAL = Set.of(COLLECTION, DisposableCollections.DEAD_LETTERS);

    private static final Logger log = LoggerFactory.getLogger(ReadModelGenerations.class);

    /** A generation and the collections it holds (logical names). */
    public record Generation(long number, Set<String> collections) {

        public Generation {
            collections = Set.copyOf(collections);
        }

        /** The physical collection of a logical one in this generation. */
        public String physical(String logical) {
            return ReadModelGenerations.physical(logical, number);
        }
    }

    private record Shadow(long generation, Set<String> touched) {
    }

    private final MongoOperations mongo;
    private final long refreshNanos;
    private final ThreadLocal<Shadow> shadow = new ThreadLocal<>();
    private final ReadWriteLock gate = new ReentrantReadWriteLock(true);
    private volatile Generation live = new Generation(0, Set.of());
    private volatile Generation previous;
    private volatile long loadedAt;

    /** Loads the pointer once (for code and tests without Spring: nothing else switches their database). */
    public ReadModelGenerations(MongoOperations mongo) {
        this(mongo, Duration.ofDays(365));
    }

    /**
     * @param refresh how often the pointer is read again, so that another instance's switch is seen here too
     */
    @Autowired
    public ReadModelGenerations(MongoOperations mongo,
                                @Value("${nlre.rebuild.pointer-refresh:1s}") Duration refresh) {
        this.mongo = mongo;
        this.refreshNanos = refresh.toNanos();
        load();
    }

    /** The physical name of a logical collection for the calling thread (see the class comment). */
    public String resolve(String logical) {
        if (NEVER_GENERATIONAL.contains(logical) || AppendOnlyCollections.contains(logical)) {
            return logical;
        }
        Shadow building = shadow.get();
        if (building != null) {
            building.touched().add(logical);
            return physical(logical, building.generation());
        }
        if (System.nanoTime() - loadedAt > refreshNanos) {
            load();
        }
        Generation current = live;
        return current.collections().contains(logical) ? current.physical(logical) : logical;
    }

    /** Reads the pointer; generations only ever move forward, so a read that raced a switch never moves one back. */
    private void load() {
        Document pointer = mongo.execute(COLLECTION, target -> target.find(Filters.eq("_id", LIVE)).first());
        loadedAt = System.nanoTime();
        if (pointer == null) {
            return;
        }
        synchronized (this) {
            Generation stored = generation(pointer, "generation", "collections");
            if (stored.number() > live.number()) {
                live = stored;
                previous = pointer.get("previousGeneration") == null ? null
                        : generation(pointer, "previousGeneration", "previousCollections");
            }
        }
    }

    public Generation live() {
        return live;
    }

    /** The generation the last switch replaced, kept for comparison until the next rebuild starts. */
    public @Nullable Generation previous() {
        return previous;
    }

    /** A generation number never used before in this database. */
    public long allocate() {
        Document counter = mongo.execute(COLLECTION, target -> target.findOneAndUpdate(Filters.eq("_id", SEQUENCE),
                Updates.inc("next", 1L), new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
        long next = counter == null ? 1 : ((Number) counter.get("next")).longValue();
        return Math.max(next, live.number() + 1);
    }

    /**
     * Runs work with every collection this thread touches resolved to the given shadow generation; adds the logical
     * names it touched to {@code touched}.
     */
    public <T> T inGeneration(long generation, Set<String> touched, Supplier<T> work) {
        if (generation == live.number()) {
            throw new IllegalStateException("generation " + generation + " is live; a shadow must be a new one");
        }
        Shadow outer = shadow.get();
        Set<String> names = ConcurrentHashMap.newKeySet();
        shadow.set(new Shadow(generation, names));
        try {
            return work.get();
        } finally {
            touched.addAll(names);
            if (outer == null) {
                shadow.remove();
            } else {
                shadow.set(outer);
            }
        }
    }

    /** Projects one event into the live generation; waits while a rebuild holds the gate exclusively. */
    public void projectLive(Runnable projection) {
        gate.readLock().lock();
        try {
            projection.run();
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Runs work while no live projection runs on this instance (waits for those in progress to finish). */
    public <T> T exclusively(Supplier<T> work) {
        gate.writeLock().lock();
        try {
            return work.get();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /**
     * Makes the shadow generation live: from the next resolve on, every reader and the live consumer use it for the
     * collections it holds. The generation it replaces is kept as {@link #previous()}.
     */
    public synchronized void switchTo(long generation, Set<String> collections) {
        Generation replaced = live;
        Set<String> replacedCollections = new TreeSet<>(collections);
        replacedCollections.addAll(replaced.collections());
        Generation next = new Generation(generation, collections);
        Document pointer = new Document("_id", LIVE)
                .append("generation", generation).append("collections", new ArrayList<>(new TreeSet<>(collections)))
                .append("previousGeneration", replaced.number())
                .append("previousCollections", new ArrayList<>(replacedCollections));
        mongo.execute(COLLECTION, target -> target.replaceOne(Filters.eq("_id", LIVE), pointer,
                new ReplaceOptions().upsert(true)));
        previous = new Generation(replaced.number(), replacedCollections);
        live = next;
        log.info("Read models switched from generation {} to generation {} ({} collections)", replaced.number(),
                generation, collections.size());
    }

    /**
     * Drops the collections of a generation that is not live. For generation 0 (plain names) only the listed
     * collections are dropped, never anything else.
     */
    public void drop(Generation generation) {
        if (generation.number() == live.number()) {
            throw new IllegalStateException("the live generation is never dropped");
        }
        generation.collections().forEach(logical -> {
            if (live.collections().contains(logical) || generation.number() != 0) {
                mongo.dropCollection(generation.physical(logical));
            }
        });
        if (previous != null && previous.number() == generation.number()) {
            previous = null;
            mongo.execute(COLLECTION, target -> target.updateOne(Filters.eq("_id", LIVE),
                    Updates.combine(Updates.unset("previousGeneration"), Updates.unset("previousCollections"))));
        }
    }

    /**
     * Makes one tenant's documents in the live collections equal to those of a shadow generation: every shadow
     * document replaces (or adds) the live one with its id, then the tenant's live documents the shadow does not have
     * are deleted. Other tenants' documents are not touched. Without transactions a reader may briefly see some
     * documents old and some new, each whole.
     *
     * @return documents written and deleted
     */
    public long[] replaceTenantDocuments(TenantId tenantId, Generation shadowGeneration) {
        long written = 0;
        long deleted = 0;
        Document ofTenant = new Document(TenantScopedMongo.TENANT_ID, tenantId.value());
        for (String logical : shadowGeneration.collections()) {
            String target = resolve(logical);
            Set<Object> ids = new HashSet<>();
            List<Document> rebuilt = mongo.execute(shadowGeneration.physical(logical),
                    source -> source.find(ofTenant).into(new ArrayList<>()));
            for (Document document : rebuilt) {
                ids.add(document.get("_id"));
                mongo.execute(target, live -> live.replaceOne(Filters.eq("_id", document.get("_id")), document,
                        new ReplaceOptions().upsert(true)));
                written++;
            }
            List<Document> current = mongo.execute(target, live -> live.find(ofTenant)
                    .projection(Projections.include("_id")).into(new ArrayList<>()));
            for (Document document : current) {
                if (!ids.contains(document.get("_id"))) {
                    mongo.execute(target, live -> live.deleteOne(Filters.and(Filters.eq("_id", document.get("_id")),
                            Filters.eq(TenantScopedMongo.TENANT_ID, tenantId.value()))));
                    deleted++;
                }
            }
        }
        return new long[]{written, deleted};
    }

    static String physical(String logical, long generation) {
        return generation == 0 ? logical : logical + SEPARATOR + generation;
    }

    @SuppressWarnings("unchecked")
    private static Generation generation(Document pointer, String numberField, String collectionsField) {
        List<String> collections = pointer.get(collectionsField, List.class);
        return new Generation(((Number) pointer.get(numberField)).longValue(),
                collections == null ? Set.of() : new HashSet<>(collections));
    }
}
