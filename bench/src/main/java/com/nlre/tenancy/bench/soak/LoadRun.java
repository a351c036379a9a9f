package com.nlre.tenancy.bench.soak;

import com.nlre.tenancy.bench.load.EndpointStats;
import com.nlre.tenancy.bench.load.Http;
import com.nlre.tenancy.bench.load.Phase;
import com.nlre.tenancy.bench.load.TenantSession;
import com.nlre.tenancy.bench.load.Workload;
import com.nlre.tenancy.bench.load.Workload.PhaseResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sustained load run (issue 8, item 5): the mixed workload at a fixed rate over every tenant for a fixed time,
 * while each service's heap after a full collection and its live threads are sampled at regular intervals; then how
 * long until every tenant's last accepted command is visible on the query side.
 */
public final class LoadRun {

    /** One sample of every service, {@code secondsIn} after the run started. */
    public record Sample(long secondsIn, Map<String, ServiceProbe.Reading> readings) {
    }

    /**
     * @param load           the mixed workload's endpoints over the whole run
     * @param samples        in time order, the first before any load, the last after the load stopped
     * @param caughtUpMillis from the end of the load until every tenant's last command was visible; -1 if not within
     *                       the wait
     * @param referenceHistograms per service, its live objects by class when the reference sample (the first under
     *                            load) was taken; {@code endHistograms} the same with the last sample
     */
    public record Result(Duration length, double rate, int tenants, PhaseResult load, List<Sample> samples,
                         long caughtUpMillis, long tenantsBehind, Map<String, ClassHistogram> referenceHistograms,
                         Map<String, ClassHistogram> endHistograms) {

        public long errors() {
            return load.endpoints().values().stream().mapToLong(EndpointStats::errors).sum();
        }

        public long requests() {
            return load.endpoints().values().stream().mapToLong(e -> e.statuses().values().stream()
                    .mapToLong(Long::longValue).sum()).sum();
        }
    }

    private final Http http;
    private final Workload workload;
    private final List<ServiceProbe> services;

    public LoadRun(Http http, Workload workload, List<ServiceProbe> services) {
        this.http = http;
        this.workload = workload;
        this.services = List.copyOf(services);
    }

    public static ServiceProbe service(String name, String baseUrl, long pid) {
        return new ServiceProbe(name, baseUrl, pid);
    }

    public Result run(Duration length, double rate, int workers) {
        Duration interval = Duration.ofSeconds(Math.max(30, length.toSeconds() / 10));
        List<Sample> samples = new ArrayList<>();
        Map<String, ClassHistogram> referenceHistograms = new LinkedHashMap<>();
        long started = System.nanoTime();
        samples.add(sample(started));
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (loading.get()) {
                if (!sleep(interval, loading)) {
                    return;
                }
                synchronized (samples) {
                    samples.add(sample(started));
                    if (samples.size() == 2) {
                        referenceHistograms.putAll(histograms());
                    }
                }
            }
        }, "load-run-sampler");
        sampler.setDaemon(true);
        sampler.start();

        PhaseResult load = Workload.phase("load run");
        double seconds = Phase.run(workers, length, rate, (worker, start) -> workload.mixed(load, worker, start,
                false));
        loading.set(false);
        sampler.interrupt();
        try {
            sampler.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        long loadEnded = System.nanoTime();
        long behind = 0;
        for (TenantSession tenant : workload.tenants()) {
            if (!workload.awaitProjected(tenant, Duration.ofSeconds(60))) {
                behind++;
            }
        }
        long caughtUp = behind == 0 ? (System.nanoTime() - loadEnded) / 1_000_000 : -1;
        Map<String, ClassHistogram> endHistograms;
        synchronized (samples) {
            samples.add(sample(started));
            endHistograms = histograms();
        }
        return new Result(length, rate, workload.tenants().size(),
                new PhaseResult(load.name(), seconds, load.endpoints()), List.copyOf(samples), caughtUp, behind,
                Map.copyOf(referenceHistograms), endHistograms);
    }

    private Sample sample(long started) {
        Map<String, ServiceProbe.Reading> readings = new LinkedHashMap<>();
        for (ServiceProbe service : services) {
            readings.put(service.name(), service.read(http));
        }
        return new Sample((System.nanoTime() - started) / 1_000_000_000L, readings);
    }

    private Map<String, ClassHistogram> histograms() {
        Map<String, ClassHistogram> histograms = new LinkedHashMap<>();
        for (ServiceProbe service : services) {
            ClassHistogram histogram = service.histogram();
            if (histogram != null) {
                histograms.put(service.name(), histogram);
            }
        }
        return histograms;
    }

    /** @return false when interrupted because the load ended */
    private static boolean sleep(Duration duration, AtomicBoolean loading) {
        try {
            Thread.sleep(duration.toMillis());
            return loading.get();
        } catch (InterruptedException e) {
            return false;
        }
    }
}
