package com.nlre.tenancy.localinfra.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexed backends change which documents a query reads, never its answer: the same seeded mix of inserts,
 * conditional updates, tenant moves, deletes and upserts runs against the library's plain in-memory backend (which
 * scans) and against both indexed backends, and every query and aggregation answers alike on all three, also after
 * the journaled one is reopened from its journal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IndexedBackendsTest {

    private static final List<String> TENANTS = List.of("t1", "t2", "t3", "t4");
    private static final List<String> STATUSES = List.of("new", "contacted", "qualified");
    private static final List<String> TAGS = List.of("hot", "cold", "vip");

    @TempDir
    Path dir;

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }

    @Test
    void indexedBackendsAnswerEveryQueryAsTheLibraryScanDoes() {
        List<MongoCollection<Document>> leads = List.of(
                leads(new MemoryBackend()),
                leads(new IndexedMemoryBackend()),
                leads(JournaledMemoryBackend.open(dir.resolve("mongo.journal"), null)));
        Random random = new Random(20261127L);
        for (int step = 0; step < 2_000; step++) {
            Operation operation = Operation.random(random);
            List<Object> outcomes = leads.stream().map(operation::applyTo).toList();
            assertThat(outcomes).as("outcome of %s", operation).containsOnly(outcomes.get(0));
            if (step % 100 == 99) {
                assertSameAnswers(leads);
            }
        }
        assertSameAnswers(leads);
    }

    @Test
    void indexesAnswerAlikeAfterTheJournalIsReplayed() {
        Path file = dir.resolve("reopened.journal");
        MongoCollection<Document> oracle = leads(new MemoryBackend());
        MongoServer first = new MongoServer(JournaledMemoryBackend.open(file, null));
        MongoCollection<Document> written = leadsOn(first);
        Random random = new Random(7L);
        for (int step = 0; step < 500; step++) {
            Operation operation = Operation.random(random);
            operation.applyTo(oracle);
            operation.applyTo(written);
        }
        clients.remove(clients.size() - 1).close();
        servers.remove(first);
        first.shutdownNow();

        MongoCollection<Document> reopened = collectionOn(new MongoServer(JournaledMemoryBackend.open(file, null)));
        assertSameAnswers(List.of(oracle, reopened));
    }

    private void assertSameAnswers(List<MongoCollection<Document>> leads) {
        for (String tenant : TENANTS) {
            assertAllAnswer(leads, lead -> lead.find(new Document("tenantId", tenant))
                    .sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertAllAnswer(leads, lead -> lead.find(new Document("tenantId", tenant).append("status", "contacted"))
                    .sort(Sorts.descending("createdAt", "_id")).limit(7).into(new ArrayList<>()));
            assertAllAnswer(leads, lead -> lead.find(new Document("tenantId", tenant).append("tags", "vip")
                    .append("deleted", false)).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertAllAnswer(leads, lead -> lead.countDocuments(new Document("tenantId", tenant)
                    .append("version", new Document("$gte", 2))));
            assertAllAnswer(leads, lead -> lead.aggregate(List.of(
                    new Document("$match", new Document("tenantId", tenant)),
                    new Document("$group", new Document("_id", "$status").append("n", new Document("$sum", 1))
                            .append("calls", new Document("$sum", "$calls"))),
                    new Document("$sort", new Document("_id", 1)))).into(new ArrayList<>()));
            for (int lead = 0; lead < 5; lead++) {
                String leadId = "lead-" + lead;
                assertAllAnswer(leads, collection -> collection.find(new Document("_id", tenant + ":" + leadId)
                        .append("tenantId", tenant).append("version", new Document("$lt", 3))).into(new ArrayList<>()));
                assertAllAnswer(leads, collection -> collection.find(new Document("tenantId", tenant)
                        .append("leadId", leadId).append("deleted", false)).into(new ArrayList<>()));
            }
        }
        assertAllAnswer(leads, lead -> lead.find(new Document("leadId", "lead-3")).sort(Sorts.ascending("_id"))
                .into(new ArrayList<>()));
        assertAllAnswer(leads, lead -> lead.find(new Document("tenantId", new Document("$in", List.of("t1", "t2"))))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>()));
    }

    private static void assertAllAnswer(List<MongoCollection<Document>> leads,
                                        Function<MongoCollection<Document>, Object> query) {
        Object expected = query.apply(leads.get(0));
        for (MongoCollection<Document> other : leads.subList(1, leads.size())) {
            assertThat(query.apply(other)).isEqualTo(expected);
        }
    }

    private MongoCollection<Document> leads(MongoBackend backend) {
        return leadsOn(new MongoServer(backend));
    }

    private MongoCollection<Document> leadsOn(MongoServer server) {
        MongoCollection<Document> leads = collectionOn(server);
        leads.createIndex(new Document("tenantId", 1).append("leadId", 1), new IndexOptions().unique(true));
        leads.createIndex(new Document("tenantId", 1).append("status", 1).append("createdAt", -1));
        leads.createIndex(new Document("tenantId", 1).append("tags", 1));
        leads.createIndex(new Document("leadId", 1));
        return leads;
    }

    private MongoCollection<Document> collectionOn(MongoServer server) {
        servers.add(server);
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        clients.add(client);
        return client.getDatabase("bench").getCollection("leads");
    }

    /** One seeded write, applied alike to each backend; its outcome (counts or the error's code) is compared. */
    private record Operation(int kind, String tenant, String leadId, String status, String tag, int version) {

        static Operation random(Random random) {
            return new Operation(random.nextInt(7), TENANTS.get(random.nextInt(TENANTS.size())),
                    "lead-" + random.nextInt(25), STATUSES.get(random.nextInt(STATUSES.size())),
                    TAGS.get(random.nextInt(TAGS.size())), random.nextInt(6));
        }

        Object applyTo(MongoCollection<Document> leads) {
            String id = tenant + ":" + leadId;
            Document byVersion = new Document("_id", id).append("tenantId", tenant)
                    .append("version", new Document("$lt", version));
            try {
                return switch (kind) {
                    case 0 -> {
                        leads.insertOne(new Document("_id", id).append("tenantId", tenant).append("leadId", leadId)
                                .append("status", "new").append("tags", List.of(tag)).append("calls", 0)
                                .append("deleted", false).append("createdAt", version).append("version", 0));
                        yield "inserted";
                    }
                    case 1 -> counts(leads.updateOne(byVersion, new Document("$set",
                            new Document("status", status).append("version", version))));
                    case 2 -> counts(leads.updateOne(byVersion, new Document("$inc", new Document("calls", 1))
                            .append("$addToSet", new Document("tags", tag)).append("$set",
                                    new Document("version", version))));
                    case 3 -> counts(leads.updateMany(new Document("tenantId", tenant).append("status", status),
                            new Document("$set", new Document("deleted", version % 2 == 0))));
                    case 4 -> counts(leads.updateOne(new Document("_id", id), new Document("$set",
                            new Document("tenantId", TENANTS.get(version % TENANTS.size())))));
                    case 5 -> leads.deleteMany(new Document("tenantId", tenant).append("status", status)
                            .append("calls", new Document("$gte", version))).getDeletedCount();
                    default -> counts(leads.updateOne(new Document("_id", tenant + ":extra-" + leadId)
                                    .append("tenantId", tenant),
                            new Document("$inc", new Document("calls", 1)).append("$set", new Document("leadId",
                                    "extra-" + leadId).append("status", status).append("tags", List.of(tag))),
                            new UpdateOptions().upsert(true)));
                };
            } catch (MongoWriteException e) {
                return "error " + e.getCode();
            }
        }

        private static String counts(com.mongodb.client.result.UpdateResult result) {
            return result.getMatchedCount() + "/" + result.getModifiedCount() + "/" + (result.getUpsertedId() != null);
        }
    }
}
