package com.nlre.tenancy.query.rebuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import com.nlre.tenancy.query.data.ReadModelGenerations;
import com.nlre.tenancy.query.data.ReadModelGenerations.Generation;
import com.nlre.tenancy.query.projection.EventDecoder;
import com.nlre.tenancy.query.projection.EventProjector;
import com.nlre.tenancy.query.projection.MalformedEventException;
import com.nlre.tenancy.query.projection.Projection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the read models from the event store, one rebuild at a time, in the background:
 * <ol>
 *   <li>a new shadow generation gets every projection's indexes, then every event of the stream (of one tenant, or of
 *   all) is applied to it by the same projections, while the live consumer and every reader keep using the live
 *   generation;</li>
 *   <li>at the stream's end the rebuild takes the projection gate exclusively: live projection on this instance
 *   waits, and the rebuild reads on until a read made at least the commit window after that moment reaches the end,
 *   so every event the live consumer projected before waiting is in the shadow;</li>
 *   <li>it switches: a rebuild of all makes the shadow generation live (one pointer write); a tenant's rebuild
 *   replaces that tenant's documents in the live collections with the shadow's and drops the shadow. Then the gate
 *   opens and the live consumer applies what it has not applied yet to the switched read models; whatever it
 *   redelivers that the rebuild already applied changes nothing (projections are idempotent).</li>
 * </ol>
 * An event is applied only once it occurred at least the commit window before it was read: an event store numbers
 * events when they are written, not when they commit, so a younger event may still have an uncommitted one below it,
 * which a later read past it would never see; the rebuild stops at the first young event and reads again from there.
 */
@Component
public class Rebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

    private final EventStream stream;
    private final ReadModelGenerations generations;
    private final List<Projection> projections;
    private final ProjectionPositions positions;
    private final EventProjector projector;
    private final EventDecoder decoder;
    private final ObjectMapper json;
    private final Clock clock;
    private final RebuildProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, RebuildJob> jobs = new ConcurrentHashMap<>();
    private final AtomicReference<RebuildJob> running = new AtomicReference<>();

    public Rebuilds(EventStream stream, ReadModelGenerations generations, List<Projection> projections,
                    ProjectionPositions positions, EventDecoder decoder, ObjectMapper json, Clock clock,
                    RebuildProperties properties) {
        this.stream = stream;
        this.generations = generations;
        this.projections = List.copyOf(projections);
        this.positions = positions;
        // its own meters: the lag of replayed history says nothing about the live projection's lag
        this.projector = new EventProjector(decoder, projections, positions, clock, new SimpleMeterRegistry());
        this.decoder = decoder;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Starts a rebuild of one tenant's read models, or of all when {@code tenantId} is null.
     *
     * @return the new rebuild, or empty while another one runs
     */
    public Optional<RebuildView> start(@Nullable TenantId tenantId) {
        RebuildJob job = new RebuildJob("rb_" + UUID.randomUUID().toString().replace("-", ""), tenantId,
                clock.instant());
        if (!running.compareAndSet(null, job)) {
            return Optional.empty();
        }
        jobs.put(job.id(), job);
        worker.execute(() -> run(job));
        return Optional.of(job.view());
    }

    public Optional<RebuildView> find(String rebuildId) {
        return Optional.ofNullable(jobs.get(rebuildId)).map(RebuildJob::view);
    }

    /** The rebuild in progress, if any. */
    public Optional<RebuildView> running() {
        return Optional.ofNullable(running.get()).map(RebuildJob::view);
    }

    private void run(RebuildJob job) {
        if (job.tenantId() != null) {
            MDC.put(MetadataKeys.TENANT_ID, job.tenantId().value());
        }
        Set<String> touched = ConcurrentHashMap.newKeySet();
        long shadow = -1;
        try {
            Generation previous = generations.previous();
            if (job.tenantId() == null && previous != null) {
                generations.drop(previous);
            }
            shadow = generations.allocate();
            job.generation(shadow);
            log.info("Rebuilding read models of {} into generation {}",
                    job.tenantId() == null ? "every tenant" : "one tenant", shadow);
            long generation = shadow;
            generations.inGeneration(generation, touched, () -> {
                projections.forEach(Projection::createIndexes);
                positions.createIndexes();
                return null;
            });
            catchUp(job, generation, touched, null);
            job.switching();
            String detail = generations.exclusively(() -> {
                catchUp(job, generation, touched, clock.instant().plus(properties.commitWindow()));
                if (job.tenantId() == null) {
                    generations.switchTo(generation, touched);
                    return "generation " + generation + " is live";
                }
                long[] changed = generations.replaceTenantDocuments(job.tenantId(), new Generation(generation, touched));
                return changed[0] + " documents written, " + changed[1] + " deleted in the live read models";
            });
            if (job.tenantId() != null) {
                generations.drop(new Generation(generation, touched));
            }
            job.completed(clock.instant(), detail);
            log.info("Rebuild {} completed after {} events: {}", job.id(), job.view().eventsRead(), detail);
        } catch (RuntimeException e) {
            log.error("Rebuild {} failed at position {}; the live read models are unchanged", job.id(), job.position(), e);
            dropShadow(shadow, touched);
            job.failed(clock.instant(), "failed at position " + job.position() + ": " + e.getMessage());
        } finally {
            running.set(null);
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    /**
     * Applies the stream's events after the job's position to the shadow generation until the end or the first event
     * younger than the commit window; with {@code settledAt}, repeats until a read made at or after that instant got
     * there.
     */
    private void catchUp(RebuildJob job, long generation, Set<String> touched, @Nullable Instant settledAt) {
        Duration window = properties.commitWindow();
        while (true) {
            Instant readAt = clock.instant();
            List<String> page = stream.page(job.position(), properties.pageSize(), job.tenantId());
            List<EventEnvelope> envelopes = new ArrayList<>(page.size());
            for (String line : page) {
                envelopes.add(envelope(line, job));
            }
            // the keys of the page's sealed personal data in one call, not one per subject
            decoder.prefetchKeys(envelopes);
            boolean young = false;
            for (int index = 0; index < page.size(); index++) {
                EventEnvelope envelope = envelopes.get(index);
                Instant occurredAt = envelope.occurredAt();
                if (occurredAt.isAfter(readAt.minus(window)) && !occurredAt.isAfter(readAt)) {
                    young = true;
                    break;
                }
                generations.inGeneration(generation, touched, () -> {
                    apply(envelope, job);
                    return null;
                });
                job.read(envelope.position());
            }
            if (page.size() == properties.pageSize() && !young) {
                continue;
            }
            if (settledAt == null || !readAt.isBefore(settledAt)) {
                return;
            }
            Duration untilSettled = Duration.between(clock.instant(), settledAt);
            pause(young || untilSettled.compareTo(properties.pollInterval()) > 0 ? properties.pollInterval()
                    : untilSettled);
        }
    }

    private EventEnvelope envelope(String line, RebuildJob job) {
        EventEnvelope envelope;
        try {
            envelope = json.readValue(line, EventEnvelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the event stream sent a line that is not an event envelope after position "
                    + job.position(), e);
        }
        if (envelope == null || envelope.position() == null || envelope.position() <= job.position()) {
            throw new IllegalStateException("the event stream sent an event without an ascending position after "
                    + job.position());
        }
        if (job.tenantId() != null && !job.tenantId().value().equals(envelope.tenantId())) {
            throw new IllegalStateException("the event stream of one tenant sent another tenant's event at position "
                    + envelope.position());
        }
        return envelope;
    }

    private void apply(EventEnvelope envelope, RebuildJob job) {
        try {
            projector.project(envelope.tenantId(), decoder.checked(envelope));
        } catch (MalformedEventException e) {
            log.error("Skipping event {} of tenant {} at position {}: it can never be projected", envelope.eventId(),
                    envelope.tenantId(), envelope.position(), e);
            job.skipped();
        }
    }

    private void dropShadow(long shadow, Set<String> touched) {
        if (shadow < 0 || shadow == generations.live().number()) {
            return;
        }
        try {
            generations.drop(new Generation(shadow, touched));
        } catch (RuntimeException e) {
            log.warn("Could not drop the collections of abandoned generation {}", shadow, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event stream to settle", e);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
