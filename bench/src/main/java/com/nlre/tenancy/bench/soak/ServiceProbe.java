package com.nlre.tenancy.bench.soak;

import com.nlre.tenancy.bench.load.Http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One service of the platform as the load run watches it: its JVM is asked for a full garbage collection
 * ({@code jcmd GC.run}), then its heap in use and live threads are read from its public {@code /actuator/prometheus}.
 * Heap after a full collection is what the service still holds, so a leak shows as a rising series.
 *
 * @param name    as the report names it
 * @param baseUrl the service's root URL
 * @param pid     its process id, 0 when unknown (then no collection is forced)
 */
public record ServiceProbe(String name, String baseUrl, long pid) {

    /** One reading: heap in use (bytes) right after a full collection, and live threads. */
    public record Reading(long heapBytes, long liveThreads) {
    }

    public Reading read(Http http) {
        if (pid > 0) {
            forceFullCollection();
        }
        Http.Answer metrics = http.send("GET", baseUrl + "/actuator/prometheus", null);
        if (!metrics.ok()) {
            throw new IllegalStateException(name + ": /actuator/prometheus answered " + metrics.status());
        }
        long heap = 0;
        long threads = -1;
        for (String line : metrics.body().lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("jvm_threads_live_threads")) {
                threads = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new Reading(heap, threads);
    }

    /** Its live objects by class (after a full collection); null when the pid is unknown. */
    public ClassHistogram histogram() {
        return pid > 0 ? ClassHistogram.parse(jcmd("GC.class_histogram")) : null;
    }

    private void forceFullCollection() {
        jcmd("GC.run");
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(name + ": jcmd " + command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
