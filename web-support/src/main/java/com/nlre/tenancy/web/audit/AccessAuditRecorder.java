package com.nlre.tenancy.web.audit;

import com.nlre.tenancy.events.audit.AccessRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes access records off the request path: {@link #record} only offers the record to a bounded queue and returns
 * at once, whatever happens to it afterwards, so auditing never slows down or fails a request. One daemon thread
 * drains the queue in batches into the {@link AccessRecordSink}.
 *
 * <p>What can be lost, and how it shows: a record offered while the queue is full is dropped, counted in
 * {@value #DROPPED_METRIC} and logged (at most one line per 10 s, with the running count); a batch the sink refuses
 * is counted in {@value #FAILED_METRIC} and logged. On shutdown the queue is drained for up to 5 s.
 */
public class AccessAuditRecorder implements SmartLifecycle {

    public static final String DROPPED_METRIC = "nlre.access_audit.dropped";
    public static final String FAILED_METRIC = "nlre.access_audit.write_failures";

    static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(AccessAuditRecorder.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);

    private final BlockingQueue<AccessRecord> queue;
    private final AccessRecordSink sink;
    private final Counter dropped;
    private final Counter failed;
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    private volatile Thread drainer;
    private volatile boolean running;

    public AccessAuditRecorder(AccessRecordSink sink, int capacity, MeterRegistry meters) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the access audit buffer needs room for at least one record");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.dropped = Counter.builder(DROPPED_METRIC)
                .description("Access audit records dropped because the buffer was full")
                .register(meters);
        this.failed = Counter.builder(FAILED_METRIC)
                .description("Access audit records the sink failed to write")
                .register(meters);
    }

    /** Never blocks and never throws: the record is queued, or dropped and counted. */
    public void record(AccessRecord accessRecord) {
        if (!queue.offer(accessRecord)) {
            dropped.increment();
            long now = System.nanoTime();
            long last = lastDropLog.get();
            if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
                log.warn("Access audit buffer full: dropped the record of {} {} (status {}); {} dropped so far",
                        accessRecord.method(), accessRecord.route(), accessRecord.status(), (long) dropped.count());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::drainWhileRunning, "access-audit-writer");
        thread.setDaemon(true);
        drainer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            thread = drainer;
        }
        try {
            thread.join(DRAIN_ON_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        if (!queue.isEmpty()) {
            log.error("Access audit writer stopped with {} records not written", queue.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase), so the last requests' records are still written. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void drainWhileRunning() {
        List<AccessRecord> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                AccessRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<AccessRecord> batch) {
        try {
            sink.write(List.copyOf(batch));
        } catch (RuntimeException e) {
            failed.increment(batch.size());
            log.error("Could not write {} access audit records", batch.size(), e);
        }
    }
}
