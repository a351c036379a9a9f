package com.nlre.tenancy.localinfra.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournaledMemoryBackendTest {

    @TempDir
    Path dir;

    @Test
    void documentsAndIndexesComeBackFromTheJournalOfAKilledServer() throws Exception {
        Path live = dir.resolve("live/mongo.journal");
        Path killed = dir.resolve("killed/mongo.journal");
        Files.createDirectories(live.getParent());
        Files.createDirectories(killed.getParent());
        MongoServer server = new MongoServer(JournaledMemoryBackend.open(live, null));
        try {
            withLeads(server, leads -> {
                leads.createIndex(new Document("tenantId", 1).append("leadId", 1), new IndexOptions().unique(true));
                leads.insertOne(lead("t1", "l1", "new"));
                leads.insertOne(lead("t2", "l1", "new"));
                leads.updateOne(new Document("_id", "t1:l1"), new Document("$set", new Document("status", "won")));
                leads.insertOne(lead("t1", "l2", "new"));
                leads.deleteOne(new Document("_id", "t1:l2"));
            });
            // the file as a kill -9 right after the last acknowledgement would leave it
            Files.copy(live, killed);
        } finally {
            server.shutdownNow();
        }

        MongoServer recovered = new MongoServer(JournaledMemoryBackend.open(killed, null));
        try {
            withLeads(recovered, leads -> {
                assertThat(leads.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                        .extracting(lead -> lead.getString("_id") + "=" + lead.getString("status"))
                        .containsExactly("t1:l1=won", "t2:l1=new");
                assertThatThrownBy(() -> leads.insertOne(lead("t1", "l1", "new").append("_id", "other")))
                        .isInstanceOf(MongoWriteException.class)
                        .hasMessageContaining("duplicate key");
            });
        } finally {
            recovered.shutdownNow();
        }
    }

    @Test
    void aRecordCutShortByAKillIsDroppedAndTheRestKept() throws Exception {
        Path journal = dir.resolve("mongo.journal");
        MongoServer server = new MongoServer(JournaledMemoryBackend.open(journal, null));
        try {
            withLeads(server, leads -> leads.insertOne(lead("t1", "l1", "new")));
        } finally {
            server.shutdownNow();
        }
        // half of a record: its length says 200 bytes, only 7 follow
        Files.write(journal, new byte[] {(byte) 200, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);

        MongoServer recovered = new MongoServer(JournaledMemoryBackend.open(journal, null));
        try {
            withLeads(recovered, leads -> {
                assertThat(leads.countDocuments()).isEqualTo(1);
                leads.insertOne(lead("t1", "l2", "new"));
            });
        } finally {
            recovered.shutdownNow();
        }
        MongoServer again = new MongoServer(JournaledMemoryBackend.open(journal, null));
        try {
            withLeads(again, leads -> assertThat(leads.countDocuments()).isEqualTo(2));
        } finally {
            again.shutdownNow();
        }
    }

    @Test
    void openingCompactsTheJournalToTheDocumentsItHolds() throws Exception {
        Path journal = dir.resolve("mongo.journal");
        MongoServer server = new MongoServer(JournaledMemoryBackend.open(journal, null));
        try {
            withLeads(server, leads -> {
                leads.insertOne(lead("t1", "l1", "new"));
                for (int i = 0; i < 500; i++) {
                    leads.updateOne(new Document("_id", "t1:l1"), new Document("$inc", new Document("calls", 1)));
                }
            });
        } finally {
            server.shutdownNow();
        }
        long beforeCompaction = Files.size(journal);

        MongoServer reopened = new MongoServer(JournaledMemoryBackend.open(journal, null));
        try {
            withLeads(reopened, leads -> assertThat(leads.find(new Document("_id", "t1:l1")).first())
                    .containsEntry("calls", 500));
        } finally {
            reopened.shutdownNow();
        }
        assertThat(Files.size(journal)).isLessThan(beforeCompaction / 10);
    }

    @Test
    void theFormerH2StoreIsTakenOverOnceAndSetAside() {
        Path legacy = dir.resolve("mongo.mv");
        MongoServer h2 = new MongoServer(new H2Backend(MVStore.open(legacy.toString())));
        try {
            withLeads(h2, leads -> {
                leads.createIndex(new Document("tenantId", 1).append("leadId", 1), new IndexOptions().unique(true));
                leads.insertOne(lead("t1", "l1", "qualified"));
            });
        } finally {
            h2.shutdownNow();
        }

        Path journal = dir.resolve("mongo.journal");
        MongoServer migrated = new MongoServer(JournaledMemoryBackend.open(journal, legacy));
        try {
            withLeads(migrated, leads -> {
                assertThat(leads.find(new Document("_id", "t1:l1")).first()).containsEntry("status", "qualified");
                assertThatThrownBy(() -> leads.insertOne(lead("t1", "l1", "new").append("_id", "other")))
                        .isInstanceOf(MongoWriteException.class);
            });
        } finally {
            migrated.shutdownNow();
        }
        assertThat(legacy).doesNotExist();
        assertThat(dir.resolve("mongo.mv.migrated")).exists();
    }

    private static Document lead(String tenantId, String leadId, String status) {
        return new Document("_id", tenantId + ":" + leadId).append("tenantId", tenantId).append("leadId", leadId)
                .append("status", status).append("calls", 0).append("tags", List.of("a"));
    }

    private static void withLeads(MongoServer server, Consumer<MongoCollection<Document>> work) {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            work.accept(client.getDatabase("nlre").getCollection("leads"));
        }
    }
}
