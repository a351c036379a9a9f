package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.DisposableCollections;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.offboarding.TenantDataEraser;
import com.nlre.tenancy.query.projection.EventDecoder;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tenant export jobs. A job is a document of {@value #JOBS} and its ZIP is cut into numbered binary documents of
 * {@value #CHUNKS}, both in MongoDB and tenant-scoped, so any query-side instance can answer for any job. The instance
 * that accepted a job runs it in the background ({@code nlre.gdpr.export.workers} at a time), streaming the ZIP from
 * {@link TenantExportWriter} into chunks as it is written and reporting progress (events read, position) after every
 * page of history. Every {@code heartbeat-every} the instance also renews the heartbeat of each job it holds, queued or
 * running, however long the job goes without writing (a large tenant's read models, a long queue); a job whose
 * heartbeat is older than {@code stale-after} is therefore one whose instance stopped, and is answered as failed.
 *
 * <p>Every job and its file expire {@code nlre.gdpr.export.expiry} (7 days) after it was requested: from then on they
 * are answered as unknown, deleted by a sweep every {@code sweep-every}, and on real MongoDB also by TTL indexes.
 * Deleting a job that is still running stops it and deletes what it wrote.
 */
@Component
public class TenantExports implements InitializingBean, DisposableBean, TenantDataEraser {

    static final String JOBS = DisposableCollections.GDPR_EXPORTS;
    static final String CHUNKS = DisposableCollections.GDPR_EXPORT_CHUNKS;
    /** Jobs a tenant's list shows at most, newest first. */
    static final int LIST_LIMIT = 100;

    private static final Logger log = LoggerFactory.getLogger(TenantExports.class);
    private static final Pattern EXPORT_ID = Pattern.compile("exp_[0-9a-f]{32}");
    private static final String ID = "_id";
    private static final String STATE = "state";
    private static final String REQUESTED_BY = "requestedBy";
    private static final String CREATED_AT = "createdAt";
    private static final String STARTED_AT = "startedAt";
    private static final String FINISHED_AT = "finishedAt";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String HEARTBEAT_AT = "heartbeatAt";
    private static final String EVENTS_READ = "eventsRead";
    private static final String POSITION = "position";
    private static final String SIZE = "sizeBytes";
    private static final String CHUNK_COUNT = "chunks";
    private static final String COUNTS = "counts";
    private static final String DETAIL = "detail";
    private static final String EXPORT_ID_FIELD = "exportId";
    private static final String CHUNK_NUMBER = "n";
    private static final String DATA = "data";
    private static final int SWEEP_BATCH = 500;

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo platform;
    private final MongoSchema schema;
    private final Function<TenantId, TenantExportSource> sources;
    private final TenantExportWriter writer;
    private final GdprExportProperties properties;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final ScheduledExecutorService heartbeats;
    /** This instance's queued and running jobs: export id → tenant. */
    private final Map<String, TenantId> held = new ConcurrentHashMap<>();

    @Autowired
    public TenantExports(TenantScopedMongo mongo, CrossTenantMongo platform, MongoSchema schema,
                         ReadModelExportSources sources, ObjectMapper json, EventDecoder decoder,
                         GdprExportProperties properties, Clock clock) {
        this(mongo, platform, schema, sources::of, json, decoder, properties, clock);
    }

    /** @param sources what a tenant's export holds (tests give their own) */
    TenantExports(TenantScopedMongo mongo, CrossTenantMongo platform, MongoSchema schema,
                  Function<TenantId, TenantExportSource> sources, ObjectMapper json, EventDecoder decoder,
                  GdprExportProperties properties, Clock clock) {
        this.mongo = mongo;
        this.platform = platform;
        this.schema = schema;
        this.sources = sources;
        this.writer = new TenantExportWriter(json, decoder, properties.eventPageSize(), clock);
        this.properties = properties;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.workers(), runnable -> {
            Thread thread = new Thread(runnable, "gdpr-export-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gdpr-export-sweep");
            thread.setDaemon(true);
            return thread;
        });
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gdpr-export-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void afterPropertiesSet() {
        schema.ensureIndex(JOBS, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on(CREATED_AT, Sort.Direction.DESC).named("tenant_createdAt"));
        schema.ensureIndex(JOBS, new Index().on(EXPIRES_AT, Sort.Direction.ASC).expire(0).named("expiresAt_ttl"));
        schema.ensureIndex(CHUNKS, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on(EXPORT_ID_FIELD, Sort.Direction.ASC).on(CHUNK_NUMBER, Sort.Direction.ASC)
                .named("tenant_export_n"));
        schema.ensureIndex(CHUNKS, new Index().on(EXPIRES_AT, Sort.Direction.ASC).expire(0).named("expiresAt_ttl"));
        long every = properties.sweepEvery().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
        long beat = properties.heartbeatEvery().toMillis();
        heartbeats.scheduleWithFixedDelay(this::renewHeartbeats, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues an export of the tenant's data, run on this instance.
     *
     * @return the new job, or empty while another of the tenant's jobs is queued or running
     */
    public Optional<ExportJobView> start(TenantId tenantId, String requestedBy) {
        Instant now = clock.instant();
        if (mongo.exists(tenantId, JOBS, new Document(STATE, new Document("$in", List.of(
                ExportState.QUEUED.wireName(), ExportState.RUNNING.wireName())))
                .append(HEARTBEAT_AT, new Document("$gte", Date.from(now.minus(properties.staleAfter()))))
                .append(EXPIRES_AT, new Document("$gt", Date.from(now))))) {
            return Optional.empty();
        }
        String exportId = "exp_" + UUID.randomUUID().toString().replace("-", "");
        Document job = new Document(ID, exportId)
                .append(STATE, ExportState.QUEUED.wireName())
                .append(REQUESTED_BY, requestedBy)
                .append(CREATED_AT, Date.from(now))
                .append(EXPIRES_AT, Date.from(now.plus(properties.expiry())))
                .append(HEARTBEAT_AT, Date.from(now))
                .append(EVENTS_READ, 0L)
                .append(POSITION, 0L);
        mongo.insert(tenantId, JOBS, job);
        held.put(exportId, tenantId);
        try {
            workers.execute(() -> run(tenantId, exportId));
        } catch (RejectedExecutionException e) {
            held.remove(exportId);
            throw e;
        }
        return find(tenantId, exportId);
    }

    /** The tenant's job, unless unknown, another tenant's or expired. */
    public Optional<ExportJobView> find(TenantId tenantId, String exportId) {
        if (!EXPORT_ID.matcher(exportId).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return mongo.findOne(tenantId, JOBS, new Document(ID, exportId)
                        .append(EXPIRES_AT, new Document("$gt", Date.from(now))))
                .map(document -> view(tenantId, document, now));
    }

    /** The tenant's jobs that have not expired, newest first (at most {@value #LIST_LIMIT}). */
    public List<ExportJobView> list(TenantId tenantId) {
        Instant now = clock.instant();
        return mongo.find(tenantId, JOBS, new Document(EXPIRES_AT, new Document("$gt", Date.from(now))),
                        new Document(CREATED_AT, -1).append(ID, -1), 0, LIST_LIMIT).stream()
                .map(document -> view(tenantId, document, now))
                .toList();
    }

    /** The completed job's ZIP, read a chunk at a time as the stream is read; empty unless completed. */
    public Optional<StoredFile> file(TenantId tenantId, String exportId) {
        return find(tenantId, exportId).filter(job -> job.state() == ExportState.COMPLETED)
                .flatMap(job -> mongo.findOne(tenantId, JOBS, new Document(ID, exportId)))
                .map(document -> new StoredFile(((Number) document.get(SIZE)).longValue(),
                        new ChunkInput(tenantId, exportId, ((Number) document.get(CHUNK_COUNT)).intValue())));
    }

    /** A stored ZIP: its size and its bytes. */
    public record StoredFile(long sizeBytes, InputStream content) {
    }

    /**
     * Deletes the job and its file; a running job stops.
     *
     * @return false when the tenant has no such job
     */
    public boolean delete(TenantId tenantId, String exportId) {
        if (find(tenantId, exportId).isEmpty()) {
            return false;
        }
        mongo.deleteMany(tenantId, JOBS, new Document(ID, exportId));
        mongo.deleteMany(tenantId, CHUNKS, new Document(EXPORT_ID_FIELD, exportId));
        log.info("Deleted GDPR export {}", exportId);
        return true;
    }

    /**
     * Deletes every export job and stored file of the tenant (offboarding); running jobs stop.
     *
     * @return the jobs deleted
     */
    public long deleteAllOf(TenantId tenantId) {
        long jobs = mongo.deleteMany(tenantId, JOBS, new Document());
        mongo.deleteMany(tenantId, CHUNKS, new Document());
        log.info("Deleted all {} GDPR exports of the tenant", jobs);
        return jobs;
    }

    /** Offboarding: the tenant's export jobs and files go with its read models. */
    @Override
    public void eraseAllOf(TenantId tenantId) {
        deleteAllOf(tenantId);
    }

    /**
     * Deletes the stored data of a data subject forgotten at {@code forgottenAt} (erasure). Subject exports are answered
     * and never stored; a tenant export's ZIP holds every subject of the tenant and cannot be edited, so every tenant
     * export requested up to that moment is deleted (running ones stop). Exports requested later already show the
     * subject as erased and stay, so replaying the erasure (redelivery, rebuild) never deletes them.
     *
     * @return the jobs deleted
     */
    public long deleteStoredDataOf(TenantId tenantId, String subjectType, Instant forgottenAt) {
        Document requestedBefore = new Document(CREATED_AT, new Document("$lte", Date.from(forgottenAt)));
        long jobs = 0;
        for (Document job : mongo.find(tenantId, JOBS, requestedBefore, new Document(ID, 1), 0, Integer.MAX_VALUE)) {
            mongo.deleteMany(tenantId, CHUNKS, new Document(EXPORT_ID_FIELD, job.getString(ID)));
            jobs += mongo.deleteMany(tenantId, JOBS, new Document(ID, job.getString(ID)));
        }
        if (jobs > 0) {
            log.info("Deleted {} GDPR exports of the tenant that held a forgotten {}", jobs, subjectType);
        }
        return jobs;
    }

    /**
     * Which tenant holds this export id, asked only after the caller's tenant had none (the cross-tenant probe);
     * export ids are random, so at most one does.
     */
    public Optional<TenantId> tenantHolding(String exportId) {
        if (!EXPORT_ID.matcher(exportId).matches()) {
            return Optional.empty();
        }
        return platform.findOne(CrossTenantPurpose.CROSS_TENANT_PROBE, JOBS, new Document(ID, exportId))
                .map(document -> document.getString(TenantScopedMongo.TENANT_ID))
                .filter(TenantId::isValid)
                .map(TenantId::new);
    }

    /** Deletes every tenant's expired jobs and their files. */
    public int sweep() {
        List<Document> expired = platform.find(CrossTenantPurpose.GDPR_EXPORT_EXPIRY, JOBS,
                new Document(EXPIRES_AT, new Document("$lte", Date.from(clock.instant()))),
                new Document(EXPIRES_AT, 1), 0, SWEEP_BATCH);
        for (Document job : expired) {
            TenantId tenantId = new TenantId(job.getString(TenantScopedMongo.TENANT_ID));
            mongo.deleteMany(tenantId, CHUNKS, new Document(EXPORT_ID_FIELD, job.getString(ID)));
            mongo.deleteMany(tenantId, JOBS, new Document(ID, job.getString(ID)));
        }
        if (!expired.isEmpty()) {
            log.info("Deleted {} expired GDPR exports", expired.size());
        }
        return expired.size();
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("The sweep of expired GDPR exports failed; it runs again later", e);
        }
    }

    private void run(TenantId tenantId, String exportId) {
        MDC.put(MetadataKeys.TENANT_ID, tenantId.value());
        long[] progress = {0, 0};
        try {
            Instant startedAt = clock.instant();
            if (!mongo.updateOne(tenantId, JOBS, new Document(ID, exportId).append(STATE, ExportState.QUEUED.wireName()),
                    new Document("$set", new Document(STATE, ExportState.RUNNING.wireName())
                            .append(STARTED_AT, Date.from(startedAt)).append(HEARTBEAT_AT, Date.from(startedAt))))) {
                return;
            }
            Date expiresAt = mongo.findOne(tenantId, JOBS, new Document(ID, exportId))
                    .map(job -> job.getDate(EXPIRES_AT)).orElseThrow(Canceled::new);
            ChunkOutput out = new ChunkOutput(tenantId, exportId, expiresAt);
            ExportManifest manifest = writer.write(exportId, tenantId, sources.apply(tenantId), out, (events, position) -> {
                progress[0] = events;
                progress[1] = position;
                heartbeat(tenantId, exportId, new Document(EVENTS_READ, events).append(POSITION, position));
            });
            out.close();
            Instant finishedAt = clock.instant();
            boolean stillWanted = mongo.updateOne(tenantId, JOBS, new Document(ID, exportId), new Document("$set",
                    new Document(STATE, ExportState.COMPLETED.wireName())
                            .append(FINISHED_AT, Date.from(finishedAt))
                            .append(HEARTBEAT_AT, Date.from(finishedAt))
                            .append(SIZE, out.size())
                            .append(CHUNK_COUNT, out.chunks())
                            .append(COUNTS, new Document(new LinkedHashMap<>(manifest.counts())))
                            .append(EVENTS_READ, progress[0])
                            .append(POSITION, manifest.positionReached())));
            if (!stillWanted) {
                throw new Canceled();
            }
            log.info("GDPR export {} completed: {} history events up to position {}, {} bytes in {} ms", exportId,
                    progress[0], manifest.positionReached(), out.size(),
                    finishedAt.toEpochMilli() - startedAt.toEpochMilli());
        } catch (Canceled canceled) {
            mongo.deleteMany(tenantId, CHUNKS, new Document(EXPORT_ID_FIELD, exportId));
            log.info("GDPR export {} was deleted while it ran; it stopped", exportId);
        } catch (RuntimeException e) {
            log.error("GDPR export {} failed after {} history events at position {}", exportId, progress[0],
                    progress[1], e);
            try {
                mongo.deleteMany(tenantId, CHUNKS, new Document(EXPORT_ID_FIELD, exportId));
                mongo.updateOne(tenantId, JOBS, new Document(ID, exportId), new Document("$set",
                        new Document(STATE, ExportState.FAILED.wireName())
                                .append(FINISHED_AT, Date.from(clock.instant()))
                                .append(DETAIL, "failed after " + progress[0] + " history events at position "
                                        + progress[1] + "; start a new export")));
            } catch (RuntimeException cleanup) {
                log.warn("Could not record the failure of GDPR export {}", exportId, cleanup);
            }
        } finally {
            held.remove(exportId);
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    /**
     * Renews the heartbeat of every job this instance holds that is still queued or running. Progress and
     * cancellation stay with the job's own thread ({@link #heartbeat}); this only says the instance is alive.
     */
    void renewHeartbeats() {
        Date now = Date.from(clock.instant());
        held.forEach((exportId, tenantId) -> {
            MDC.put(MetadataKeys.TENANT_ID, tenantId.value());
            try {
                mongo.updateOne(tenantId, JOBS, new Document(ID, exportId).append(STATE, new Document("$in",
                                List.of(ExportState.QUEUED.wireName(), ExportState.RUNNING.wireName()))),
                        new Document("$set", new Document(HEARTBEAT_AT, now)));
            } catch (RuntimeException e) {
                log.warn("Could not renew the heartbeat of GDPR export {}; it is tried again in {}", exportId,
                        properties.heartbeatEvery(), e);
            } finally {
                MDC.remove(MetadataKeys.TENANT_ID);
            }
        });
    }

    /** Records progress; a job deleted meanwhile stops here. */
    private void heartbeat(TenantId tenantId, String exportId, Document fields) {
        Document set = new Document(fields).append(HEARTBEAT_AT, Date.from(clock.instant()));
        if (!mongo.updateOne(tenantId, JOBS, new Document(ID, exportId), new Document("$set", set))) {
            throw new Canceled();
        }
    }

    private ExportJobView view(TenantId tenantId, Document job, Instant now) {
        ExportState state = ExportState.parse(job.getString(STATE)).orElse(ExportState.FAILED);
        String detail = job.getString(DETAIL);
        Date heartbeat = job.getDate(HEARTBEAT_AT);
        if ((state == ExportState.QUEUED || state == ExportState.RUNNING) && heartbeat != null
                && heartbeat.toInstant().isBefore(now.minus(properties.staleAfter()))) {
            state = ExportState.FAILED;
            detail = "abandoned: the instance running it stopped reporting progress; start a new export";
        }
        Map<String, Long> counts = null;
        if (job.get(COUNTS) instanceof Document stored) {
            counts = new LinkedHashMap<>();
            for (Map.Entry<String, Object> count : stored.entrySet()) {
                counts.put(count.getKey(), ((Number) count.getValue()).longValue());
            }
        }
        return new ExportJobView(job.getString(ID), tenantId.value(), state, job.getString(REQUESTED_BY),
                instant(job, CREATED_AT), instant(job, STARTED_AT), instant(job, FINISHED_AT), instant(job, EXPIRES_AT),
                number(job, EVENTS_READ), number(job, POSITION),
                job.get(SIZE) instanceof Number size ? size.longValue() : null, counts, detail, null);
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static long number(Document document, String field) {
        return document.get(field) instanceof Number number ? number.longValue() : 0;
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        sweeper.shutdownNow();
        workers.shutdownNow();
    }

    /** The job was deleted while it ran. */
    private static final class Canceled extends RuntimeException {
        Canceled() {
            super("the export job was deleted", null, false, false);
        }
    }

    /** Cuts what is written into chunk documents of {@code chunkBytes}; reports a heartbeat with every chunk. */
    private final class ChunkOutput extends OutputStream {

        private final TenantId tenantId;
        private final String exportId;
        private final Date expiresAt;
        private final byte[] buffer = new byte[properties.chunkBytes()];
        private int filled;
        private int chunks;
        private long size;

        ChunkOutput(TenantId tenantId, String exportId, Date expiresAt) {
            this.tenantId = tenantId;
            this.exportId = exportId;
            this.expiresAt = expiresAt;
        }

        @Override
        public void write(int b) {
            if (filled == buffer.length) {
                store();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (filled == buffer.length) {
                    store();
                }
                int now = Math.min(length - written, buffer.length - filled);
                System.arraycopy(bytes, offset + written, buffer, filled, now);
                filled += now;
                written += now;
            }
        }

        @Override
        public void close() {
            if (filled > 0) {
                store();
            }
        }

        int chunks() {
            return chunks;
        }

        long size() {
            return size;
        }

        private void store() {
            byte[] data = new byte[filled];
            System.arraycopy(buffer, 0, data, 0, filled);
            mongo.insert(tenantId, CHUNKS, new Document(ID, exportId + ":" + chunks)
                    .append(EXPORT_ID_FIELD, exportId)
                    .append(CHUNK_NUMBER, chunks)
                    .append(DATA, new Binary(data))
                    .append(EXPIRES_AT, expiresAt));
            chunks++;
            size += filled;
            filled = 0;
            heartbeat(tenantId, exportId, new Document());
        }
    }

    /** Reads a stored ZIP one chunk document at a time. */
    private final class ChunkInput extends InputStream {

        private final TenantId tenantId;
        private final String exportId;
        private final int chunks;
        private int next;
        private byte[] current = new byte[0];
        private int index;

        ChunkInput(TenantId tenantId, String exportId, int chunks) {
            this.tenantId = tenantId;
            this.exportId = exportId;
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return current[index++] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int now = Math.min(length, current.length - index);
            System.arraycopy(current, index, bytes, offset, now);
            index += now;
            return now;
        }

        private boolean fill() throws IOException {
            while (index >= current.length) {
                if (next >= chunks) {
                    return false;
                }
                Document chunk = mongo.findOne(tenantId, CHUNKS, new Document(ID, exportId + ":" + next))
                        .orElseThrow(() -> new IOException("chunk " + next + " of export " + exportId
                                + " is gone (the export was deleted)"));
                current = chunk.get(DATA, Binary.class).getData();
                index = 0;
                next++;
            }
            return true;
        }
    }
}
