package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * mongo-java-server's in-memory backend, using indexes as {@link IndexUse} describes, made durable by a
 * {@link MongoJournal}: every write command is applied, appended to the journal, and only then acknowledged, one
 * write at a time (reads run beside them). Opening the backend replays the journal and rewrites it compacted (one
 * {@code createIndexes} and batched {@code insert}s per collection).
 *
 * <p>Replay gives back the same documents because every write is replayed in the order it was applied. The one
 * exception is a document whose {@code _id} the server generated (an upsert whose filter names no {@code _id}): it
 * comes back with another generated id. This project's writes always name their ids.
 *
 * <p>Why not the library's H2 backend: it rewrites Java-serialized pages of documents on every commit, about 1.5 ms
 * per acknowledged write, ten times the in-memory backend; the read models' projections write several times per event.
 */
public final class JournaledMemoryBackend extends MemoryBackend {

    private static final Logger log = LoggerFactory.getLogger(JournaledMemoryBackend.class);
    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify", "create",
            "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection", "collmod");
    private static final int INSERT_BATCH = 1_000;

    private final Object writes = new Object();
    private MongoJournal journal;

    private JournaledMemoryBackend() {
    }

    /**
     * Opens the backend on its journal file, created when missing. When there is no journal yet but
     * {@code legacyH2File} (the former H2 store of the same data) exists, its documents and indexes are taken over
     * first and the old file is renamed with the suffix {@code .migrated}.
     */
    public static JournaledMemoryBackend open(Path journalFile, Path legacyH2File) {
        if (!Files.exists(journalFile) && legacyH2File != null && Files.exists(legacyH2File)) {
            migrate(legacyH2File, journalFile);
        }
        JournaledMemoryBackend backend = new JournaledMemoryBackend();
        Channel replay = new EmbeddedChannel();
        long records = MongoJournal.read(journalFile, entry -> backend.replay(replay, entry));
        MongoJournal.rewrite(journalFile, snapshot(backend, replay));
        backend.journal = MongoJournal.openForAppend(journalFile);
        log.info("MongoDB journal {}: {} commands replayed, compacted", journalFile, records);
        return backend;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!isWrite(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        synchronized (writes) {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                // a failed write may have changed documents before failing (a batch stops at its first error),
                // and replaying it fails the same way on the same state
                journal.append(new MongoJournal.Entry(databaseName, query));
            }
        }
    }

    private void replay(Channel channel, MongoJournal.Entry entry) {
        String command = entry.command().keySet().iterator().next();
        try {
            super.handleCommand(channel, entry.database(), command, entry.command());
        } catch (MongoServerException e) {
            log.debug("Replayed {} failed as it did when it was first applied: {}", command, e.getMessage());
        }
    }

    private static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (WRITE_COMMANDS.contains(name)) {
            return true;
        }
        if (name.equals("aggregate") && query.get("pipeline") instanceof List<?> stages) {
            return stages.stream().anyMatch(stage -> stage instanceof Document document
                    && (document.containsKey("$out") || document.containsKey("$merge")));
        }
        return false;
    }

    /** Commands that recreate every database, collection, index and document of {@code backend}. */
    private static Stream<MongoJournal.Entry> snapshot(MongoBackend backend, Channel channel) {
        List<MongoJournal.Entry> entries = new ArrayList<>();
        for (Document database : batch(backend.handleCommand(channel, "admin", "listDatabases",
                new Document("listDatabases", 1)), "databases")) {
            String databaseName = (String) database.get("name");
            MongoDatabase source = ((AbstractMongoBackend) backend).resolveDatabase(databaseName);
            for (Document collection : firstBatch(backend.handleCommand(channel, databaseName, "listCollections",
                    new Document("listCollections", 1)))) {
                String name = (String) collection.get("name");
                if (name.startsWith("system.")) {
                    continue;
                }
                entries.add(new MongoJournal.Entry(databaseName, new Document("create", name)));
                List<Document> indexes = new ArrayList<>();
                for (Document index : firstBatch(backend.handleCommand(channel, databaseName, "listIndexes",
                        new Document("listIndexes", name)))) {
                    if (!"_id_".equals(index.get("name"))) {
                        Document description = index.clone();
                        description.remove("ns");
                        description.remove("v");
                        indexes.add(description);
                    }
                }
                if (!indexes.isEmpty()) {
                    entries.add(new MongoJournal.Entry(databaseName,
                            new Document("createIndexes", name).append("indexes", indexes)));
                }
                List<Document> documents = new ArrayList<>(INSERT_BATCH);
                source.resolveCollection(name, true).queryAllAsStream().forEach(document -> {
                    documents.add(document);
                    if (documents.size() == INSERT_BATCH) {
                        entries.add(insert(databaseName, name, documents));
                        documents.clear();
                    }
                });
                if (!documents.isEmpty()) {
                    entries.add(insert(databaseName, name, documents));
                }
            }
        }
        return entries.stream();
    }

    private static MongoJournal.Entry insert(String database, String collection, List<Document> documents) {
        return new MongoJournal.Entry(database, new Document("insert", collection)
                .append("documents", List.copyOf(documents)).append("ordered", true));
    }

    private static List<Document> firstBatch(Document cursorResponse) {
        return batch((Document) cursorResponse.get("cursor"), "firstBatch");
    }

    @SuppressWarnings("unchecked")
    private static List<Document> batch(Document response, String key) {
        return (List<Document>) response.get(key);
    }

    private static void migrate(Path legacyH2File, Path journalFile) {
        H2Backend legacy = new H2Backend(MVStore.open(legacyH2File.toString()));
        try {
            MongoJournal.rewrite(journalFile, snapshot(legacy, new EmbeddedChannel()));
        } finally {
            legacy.close();
        }
        try {
            Files.move(legacyH2File, legacyH2File.resolveSibling(legacyH2File.getFileName() + ".migrated"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set aside the migrated MongoDB file " + legacyH2File, e);
        }
        log.info("MongoDB data of {} taken over into the journal {}", legacyH2File, journalFile);
    }

    @Override
    public void close() {
        super.close();
        synchronized (writes) {
            if (journal != null) {
                journal.close();
            }
        }
    }
}
