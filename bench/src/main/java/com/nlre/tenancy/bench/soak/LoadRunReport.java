package com.nlre.tenancy.bench.soak;

import com.nlre.tenancy.bench.report.Machine;
import com.nlre.tenancy.bench.report.Tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link LoadRun.Result} into {@code RELIABILITY.md}, between the markers {@value #START} and {@value #END}
 * (the rest of that file is written by hand). Verdicts use fixed thresholds, stated in the section itself.
 */
public final class LoadRunReport {

    public static final String START = "<!-- load-run:start -->";
    public static final String END = "<!-- load-run:end -->";
    /** Heap after a full collection at the end, over the same after the first interval of load. */
    static final double FLAT_HEAP_RATIO = 1.25;
    /** Live threads at the end, more than after the first interval of load. */
    static final int FLAT_THREAD_SLACK = 5;

    private LoadRunReport() {
    }

    public static void writeInto(Path file, LoadRun.Result result, Instant started, String loadAtStart,
                                 String eventStore) {
        try {
            String document = Files.exists(file) ? Files.readString(file) : "";
            int start = document.indexOf(START);
            int end = document.indexOf(END);
            String section = START + "\n" + render(result, started, loadAtStart, eventStore) + END;
            String updated = start >= 0 && end > start
                    ? document.substring(0, start) + section + document.substring(end + END.length())
                    : document + (document.isEmpty() || document.endsWith("\n") ? "" : "\n") + section + "\n";
            Files.writeString(file, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the load run into " + file, e);
        }
    }

    static String render(LoadRun.Result result, Instant started, String loadAtStart, String eventStore) {
        List<LoadRun.Sample> samples = result.samples();
        // the reference is the first sample taken under load: caches and pools are warm by then
        LoadRun.Sample reference = samples.size() > 2 ? samples.get(1) : samples.get(0);
        LoadRun.Sample last = samples.get(samples.size() - 1);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, """
                        Written by `./bench.sh --soak %ds --rate %.0f` (module `bench`, class `LoadRun`) on %s; rerun it \
                        to refresh this section.

                        | | |
                        | --- | --- |
                        | machine | %s |
                        | load average (1/5/15 min) | at start %s, at end %s |
                        | platform | local-infra (in-JVM Kafka, embedded MongoDB), event store %s, command side ×1, \
                        query side ×2 |
                        | load | the benchmark's mixed workload (add lead 35 %%, log call 15 %%, update status 20 %%, \
                        list leads 20 %%, usage 10 %%) at a fixed %.0f requests/s over %d tenants for %d s |

                        """, result.length().toSeconds(), result.rate(), started, Machine.describe(), loadAtStart,
                Machine.loadAverage(), eventStore, result.rate(), result.tenants(), result.length().toSeconds()));
        md.append(Tables.LATENCY_HEADER)
                .append(Tables.latencyRows(result.load().endpoints().values(), result.load().seconds()))
                .append('\n');

        md.append("Heap in use right after a full collection (`jcmd GC.run`), MiB, and live threads, per service:\n\n")
                .append("| s into the run |");
        String services = String.join(" |", reference.readings().keySet().stream()
                .map(name -> " " + name + " heap | " + name + " threads").toList());
        md.append(services).append(" |\n| ---: |")
                .append(" ---: | ---: |".repeat(reference.readings().size())).append('\n');
        for (LoadRun.Sample sample : samples) {
            md.append("| ").append(sample.secondsIn()).append(" |");
            sample.readings().values().forEach(reading -> md.append(String.format(Locale.ROOT, " %.1f | %d |",
                    reading.heapBytes() / 1024.0 / 1024.0, reading.liveThreads())));
            md.append('\n');
        }

        boolean noErrors = result.errors() == 0;
        boolean heapFlat = true;
        boolean threadsFlat = true;
        StringBuilder growth = new StringBuilder();
        for (String service : reference.readings().keySet()) {
            ServiceProbe.Reading before = reference.readings().get(service);
            ServiceProbe.Reading after = last.readings().get(service);
            double ratio = before.heapBytes() == 0 ? 0 : (double) after.heapBytes() / before.heapBytes();
            heapFlat &= ratio <= FLAT_HEAP_RATIO;
            threadsFlat &= after.liveThreads() <= before.liveThreads() + FLAT_THREAD_SLACK;
            growth.append(String.format(Locale.ROOT, "%s heap ×%.2f, threads %d → %d; ", service, ratio,
                    before.liveThreads(), after.liveThreads()));
        }
        md.append(String.format(Locale.ROOT, """

                        | check | result | |
                        | --- | --- | --- |
                        | every request answered 2xx | %d requests, %d not 2xx | %s |
                        | heap flat: at the end at most ×%.2f of the first sample under load | %s | %s |
                        | threads flat: at the end at most %d more than the first sample under load | (as above) | %s |
                        | projection caught up after the load: every tenant's last command visible | %s | %s |

                        """, result.requests(), result.errors(), verdict(noErrors), FLAT_HEAP_RATIO,
                growth.toString().replaceAll("; $", ""), verdict(heapFlat), FLAT_THREAD_SLACK, verdict(threadsFlat),
                result.caughtUpMillis() >= 0 ? result.caughtUpMillis() + " ms after the last request"
                        : result.tenantsBehind() + " tenants not within 60 s each",
                verdict(result.caughtUpMillis() >= 0)));
        md.append(growthByClass(result));
        return md.toString();
    }

    /** Per service, the classes whose live bytes grew most between the reference sample and the end. */
    static String growthByClass(LoadRun.Result result) {
        StringBuilder md = new StringBuilder();
        result.endHistograms().forEach((service, end) -> {
            ClassHistogram reference = result.referenceHistograms().get(service);
            if (reference == null) {
                return;
            }
            md.append(String.format(Locale.ROOT, "%s, live objects by class (`jcmd GC.class_histogram`): %.1f MiB at "
                            + "the reference sample, %.1f MiB at the end; the classes that grew most:%n%n"
                            + "| class | instances added | MiB added |%n| --- | ---: | ---: |%n", service,
                    reference.totalBytes() / 1024.0 / 1024.0, end.totalBytes() / 1024.0 / 1024.0));
            end.grownSince(reference, 10).forEach(growth -> md.append(String.format(Locale.ROOT,
                    "| `%s` | %,d | %.2f |%n", growth.className(), growth.instances(),
                    growth.bytes() / 1024.0 / 1024.0)));
            md.append('\n');
        });
        return md.toString();
    }

    private static String verdict(boolean passed) {
        return passed ? "passed" : "**failed**";
    }
}
