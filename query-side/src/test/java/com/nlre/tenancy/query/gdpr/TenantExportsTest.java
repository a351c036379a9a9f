package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.EventDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tenant export jobs and their stored ZIPs in MongoDB (an in-memory wire server), without Spring. */
class TenantExportsTest {

    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final int EVENTS = 1_500;

    private static InMemoryMongo server;
    private MongoTemplate template;
    private final MovableClock clock = new MovableClock();
    private final Map<TenantId, CountDownLatch> holds = new LinkedHashMap<>();
    private TenantExports exports;

    @BeforeAll
    static void startServer() {
        server = new InMemoryMongo();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void exportsOverAFreshDatabase() {
        template = server.freshTemplate();
        exports = anInstance();
    }

    /** An instance over the test's database: 1 KiB chunks (every ZIP is many documents), heartbeats every 100 ms. */
    private TenantExports anInstance() {
        GdprExportProperties properties = new GdprExportProperties(Duration.ofDays(7), 500, 1024,
                Duration.ofMinutes(2), Duration.ofMinutes(10), 2, Duration.ofMillis(100));
        TenantExports instance = new TenantExports(new TenantScopedMongo(template),
                new CrossTenantMongo(template, new SimpleMeterRegistry()), new MongoSchema(template),
                this::source, TestEvents.JSON, new EventDecoder(TestEvents.JSON, new SimpleMeterRegistry(), SubjectKeys.none()),
                properties, clock);
        instance.afterPropertiesSet();
        return instance;
    }

    @AfterEach
    void stopWorkers() {
        holds.values().forEach(CountDownLatch::countDown);
        exports.destroy();
    }

    @Test
    void storesTheZipInChunksThatDownloadWholeThenExpireAndAreSweptAway() throws IOException {
        TenantId tenant = TenantId.generate();

        String exportId = exports.start(tenant, "user_owner").orElseThrow().exportId();
        ExportJobView done = awaitCompleted(tenant, exportId);

        assertThat(done.eventsRead()).isEqualTo(EVENTS);
        assertThat(done.counts()).containsEntry(TenantExportWriter.HISTORY, (long) EVENTS);
        assertThat(template.getCollection(TenantExports.CHUNKS).countDocuments()).isGreaterThan(10);
        Map<String, String> files = unzip(exports.file(tenant, exportId).orElseThrow().content());
        assertThat(files.get(TenantExportWriter.HISTORY).lines().count()).isEqualTo(EVENTS);
        JsonNode manifest = TestEvents.JSON.readTree(files.get(TenantExportWriter.MANIFEST));
        assertThat(manifest.path("positionReached").asLong()).isEqualTo(done.position());
        assertThat(exports.file(tenant, exportId).orElseThrow().sizeBytes()).isEqualTo(done.sizeBytes());

        clock.advance(Duration.ofDays(7));
        assertThat(exports.find(tenant, exportId)).isEmpty();
        assertThat(exports.list(tenant)).isEmpty();
        assertThat(exports.file(tenant, exportId)).isEmpty();
        assertThat(exports.sweep()).isEqualTo(1);
        assertThat(template.getCollection(TenantExports.JOBS).countDocuments()).isZero();
        assertThat(template.getCollection(TenantExports.CHUNKS).countDocuments()).isZero();
    }

    @Test
    void deletingAllOfATenantsExportsLeavesAnotherTenantsUntouched() {
        TenantId a = TenantId.generate();
        TenantId b = TenantId.generate();
        String ofA = exports.start(a, "user_a").orElseThrow().exportId();
        String ofB = exports.start(b, "user_b").orElseThrow().exportId();
        awaitCompleted(a, ofA);
        awaitCompleted(b, ofB);

        assertThat(exports.deleteAllOf(a)).isEqualTo(1);

        assertThat(exports.find(a, ofA)).isEmpty();
        assertThat(exports.file(a, ofA)).isEmpty();
        assertThat(exports.find(a, ofB)).as("another tenant's job, asked for as a").isEmpty();
        assertThat(exports.file(b, ofB)).isPresent();
        assertThat(template.getCollection(TenantExports.CHUNKS)
                .countDocuments(new Document(TenantScopedMongo.TENANT_ID, a.value()))).isZero();
    }

    @Test
    void forgettingASubjectDeletesTheExportsRequestedUntilThenAndKeepsLaterOnes() {
        TenantId tenant = TenantId.generate();
        String before = exports.start(tenant, "user_a").orElseThrow().exportId();
        awaitCompleted(tenant, before);
        Instant forgottenAt = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        String after = exports.start(tenant, "user_a").orElseThrow().exportId();
        awaitCompleted(tenant, after);

        assertThat(exports.deleteStoredDataOf(tenant, "lead", forgottenAt)).isEqualTo(1);
        assertThat(exports.deleteStoredDataOf(tenant, "lead", forgottenAt)).as("replayed").isZero();

        assertThat(exports.find(tenant, before)).isEmpty();
        assertThat(exports.file(tenant, before)).isEmpty();
        assertThat(exports.file(tenant, after)).as("it already shows the subject erased").isPresent();
    }

    @Test
    void deletingARunningJobStopsItAndRemovesWhatItHadWritten() {
        TenantId tenant = TenantId.generate();
        String exportId = aRunningJobHeldAtItsHistory(tenant);
        assertThat(exports.start(tenant, "user_owner")).as("a second job while one runs").isEmpty();

        assertThat(exports.delete(tenant, exportId)).isTrue();
        holds.get(tenant).countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(template.getCollection(
                TenantExports.CHUNKS).countDocuments(new Document("exportId", exportId))).isZero());
        assertThat(exports.find(tenant, exportId)).isEmpty();
        assertThat(exports.start(tenant, "user_owner")).isPresent();
    }

    @Test
    void aJobThatWritesNothingForLongerThanStaleAfterStaysRunningWhileItsInstanceLives() {
        TenantId tenant = TenantId.generate();
        String exportId = aRunningJobHeldAtItsHistory(tenant);

        clock.advance(Duration.ofMinutes(3));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exports.find(tenant, exportId)
                .orElseThrow().state()).isEqualTo(ExportState.RUNNING));
        assertThat(exports.start(tenant, "user_owner")).as("a second job while one runs").isEmpty();
        holds.get(tenant).countDown();
        assertThat(awaitCompleted(tenant, exportId).eventsRead()).isEqualTo(EVENTS);
    }

    @Test
    void aJobWhoseInstanceStoppedIsAnsweredAsFailedAndDoesNotBlockANewOne() {
        TenantId tenant = TenantId.generate();
        String exportId = aRunningJobHeldAtItsHistory(tenant);
        exports.destroy();
        TenantExports another = anInstance();
        try {
            clock.advance(Duration.ofMinutes(3));

            ExportJobView stale = another.find(tenant, exportId).orElseThrow();
            assertThat(stale.state()).isEqualTo(ExportState.FAILED);
            assertThat(stale.detail()).contains("abandoned");
            assertThat(another.start(tenant, "user_owner")).as("a stale job does not block a new one").isPresent();
        } finally {
            another.destroy();
        }
    }

    /** Starts a job of the tenant and answers its id once it runs, held at its first history page until released. */
    private String aRunningJobHeldAtItsHistory(TenantId tenant) {
        holds.put(tenant, new CountDownLatch(1));
        String exportId = exports.start(tenant, "user_owner").orElseThrow().exportId();
        await().atMost(Duration.ofSeconds(10)).until(() -> exports.find(tenant, exportId).orElseThrow().state()
                == ExportState.RUNNING);
        return exportId;
    }

    private ExportJobView awaitCompleted(TenantId tenant, String exportId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> exports.find(tenant, exportId).orElseThrow(),
                job -> {
                    assertThat(job.state()).isNotEqualTo(ExportState.FAILED);
                    return job.state() == ExportState.COMPLETED;
                });
    }

    /** {@value #EVENTS} status changes of one lead; a held tenant's history pages wait until released. */
    private TenantExportSource source(TenantId tenantId) {
        LeadId lead = new LeadId("crm-1");
        List<EventEnvelope> history = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            history.add(TestEvents.leadEnvelope(new LeadStatusChanged(tenantId, lead, LeadStatus.NEW,
                    LeadStatus.CONTACTED, START), lead, i));
        }
        return new TenantExportSource() {
            @Override
            public Object tenant() {
                return Map.of("tenantId", tenantId.value());
            }

            @Override
            public void users(Consumer<Object> each) {
                each.accept(Map.of("userId", "user_owner"));
            }

            @Override
            public void leads(Consumer<Object> each) {
            }

            @Override
            public void agents(Consumer<Object> each) {
            }

            @Override
            public void usageLedger(Consumer<Object> each) {
            }

            @Override
            public void invoices(Consumer<Object> each) {
            }

            @Override
            public void accessAudit(Consumer<Object> each) {
            }

            @Override
            public List<String> historyPage(long after, int limit) {
                CountDownLatch hold = holds.get(tenantId);
                boolean interrupted = false;
                // a held job stays held when its instance stops (its workers interrupted), as a frozen one would
                while (hold != null) {
                    try {
                        hold.await(30, TimeUnit.SECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return history.stream().filter(envelope -> envelope.position() > after).limit(limit)
                        .map(TestEvents::json).toList();
            }
        };
    }

    private static Map<String, String> unzip(InputStream content) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(content)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {

        private volatile Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
