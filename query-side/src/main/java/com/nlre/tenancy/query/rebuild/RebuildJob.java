package com.nlre.tenancy.query.rebuild;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** One rebuild's progress; written by the rebuild's thread, read by any. */
final class RebuildJob {

    private final String id;
    private final @Nullable TenantId tenantId;
    private final Instant startedAt;
    private volatile RebuildState state = RebuildState.RUNNING;
    private volatile long eventsRead;
    private volatile long eventsSkipped;
    private volatile long position;
    private volatile long generation;
    private volatile @Nullable Instant finishedAt;
    private volatile @Nullable String detail;

    RebuildJob(String id, @Nullable TenantId tenantId, Instant startedAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
    }

    @Nullable TenantId tenantId() {
        return tenantId;
    }

    long position() {
        return position;
    }

    void generation(long generation) {
        this.generation = generation;
    }

    void read(long position) {
        this.position = position;
        eventsRead++;
    }

    void skipped() {
        eventsSkipped++;
    }

    void switching() {
        state = RebuildState.SWITCHING;
    }

    void completed(Instant at, String detail) {
        this.detail = detail;
        this.finishedAt = at;
        this.state = RebuildState.COMPLETED;
    }

    void failed(Instant at, String detail) {
        this.detail = detail;
        this.finishedAt = at;
        this.state = RebuildState.FAILED;
    }

    RebuildView view() {
        return new RebuildView(id, tenantId == null ? null : tenantId.value(), state, eventsRead, eventsSkipped,
                position, generation, startedAt, finishedAt, detail);
    }
}
