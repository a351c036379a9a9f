package com.nlre.tenancy.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Latencies (microseconds, HdrHistogram) and answers by HTTP status of one endpoint in one phase. Thread safe. */
public final class EndpointStats {

    private static final long MAX_MICROS = 120_000_000L;

    private final String name;
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    public EndpointStats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** @param status the HTTP status, or 0 when no answer came (connection failure, timeout) */
    public void record(long micros, int status) {
        recorder.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** Everything recorded so far (call once no more requests are in flight). */
    public synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    public Map<Integer, Long> statuses() {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    public long succeeded() {
        return statuses().entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToLong(Map.Entry::getValue).sum();
    }

    public long errors() {
        return statuses().entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(Map.Entry::getValue).sum();
    }
}
