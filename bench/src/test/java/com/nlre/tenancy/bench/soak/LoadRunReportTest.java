package com.nlre.tenancy.bench.soak;

import com.nlre.tenancy.bench.load.EndpointStats;
import com.nlre.tenancy.bench.load.Workload.PhaseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadRunReportTest {

    private static final String REFERENCE_HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         10000        1048576  [B (java.base@17.0.15)
               2:          2000          64000  java.lang.String (java.base@17.0.15)
               3:           100           4000  com.github.benmanes.caffeine.cache.PSMS
            Total         12100        1116576
            """;
    private static final String END_HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         30000        3145728  [B (java.base@17.0.15)
               2:          1000          32000  java.lang.String (java.base@17.0.15)
               3:          5100         204000  com.github.benmanes.caffeine.cache.PSMS
            Total         36100        3381728
            """;

    @TempDir
    Path dir;

    @Test
    void theSectionBetweenTheMarkersIsReplacedAndTheHandWrittenRestKept() throws Exception {
        Path reliability = dir.resolve("RELIABILITY.md");
        Files.writeString(reliability, "# Reliability\n\nHand-written.\n\n" + LoadRunReport.START + "\nold figures\n"
                + LoadRunReport.END + "\n\n## After\n");

        LoadRunReport.writeInto(reliability, result(100, 104, 0, 1_200), Instant.parse("2026-11-27T09:00:00Z"),
                "0.5 / 0.5 / 0.5", "H2 (file)");

        String written = Files.readString(reliability);
        assertThat(written).startsWith("# Reliability\n\nHand-written.\n\n" + LoadRunReport.START)
                .endsWith(LoadRunReport.END + "\n\n## After\n")
                .doesNotContain("old figures")
                .contains("| every request answered 2xx | 10 requests, 0 not 2xx | passed |")
                .contains("| projection caught up after the load: every tenant's last command visible "
                        + "| 1200 ms after the last request | passed |");
    }

    @Test
    void aGrowingHeapAndErrorAnswersAreReportedAsFailed() {
        String section = LoadRunReport.render(result(100, 200, 3, -1), Instant.EPOCH, "1 / 1 / 1", "H2 (file)");

        assertThat(section).contains("10 requests, 3 not 2xx | **failed**")
                .contains("command side heap ×2.00")
                .contains("| heap flat: at the end at most ×1.25 of the first sample under load |")
                .contains("2 tenants not within 60 s each | **failed**");
    }

    @Test
    void theClassesThatGrewMostAreListedLargestFirstAndShrinkingOnesLeftOut() {
        ClassHistogram reference = ClassHistogram.parse(REFERENCE_HISTOGRAM);
        ClassHistogram end = ClassHistogram.parse(END_HISTOGRAM);

        assertThat(end.grownSince(reference, 10)).containsExactly(
                new ClassHistogram.Growth("[B", 20_000, 2_097_152),
                new ClassHistogram.Growth("com.github.benmanes.caffeine.cache.PSMS", 5_000, 200_000));
        assertThat(reference.totalBytes()).isEqualTo(1_116_576);
        assertThat(LoadRunReport.render(result(100, 104, 0, 1_200), Instant.EPOCH, "1 / 1 / 1", "H2 (file)"))
                .contains("command side, live objects by class (`jcmd GC.class_histogram`): 1.1 MiB at the reference "
                        + "sample, 3.2 MiB at the end")
                .contains("| `[B` | 20,000 | 2.00 |");
    }

    private static LoadRun.Result result(long heapMiBUnderLoad, long heapMiBAtEnd, int errors, long caughtUp) {
        EndpointStats add = new EndpointStats("add lead (POST /leads)");
        for (int i = 0; i < 10 - errors; i++) {
            add.record(20_000, 201);
        }
        for (int i = 0; i < errors; i++) {
            add.record(20_000, 503);
        }
        Map<String, EndpointStats> endpoints = new LinkedHashMap<>();
        endpoints.put(add.name(), add);
        List<LoadRun.Sample> samples = List.of(sample(0, 80, 40), sample(60, heapMiBUnderLoad, 50),
                sample(120, heapMiBAtEnd, 51));
        return new LoadRun.Result(Duration.ofMinutes(2), 20, 5, new PhaseResult("load run", 120, endpoints), samples,
                caughtUp, caughtUp >= 0 ? 0 : 2, Map.of("command side", ClassHistogram.parse(REFERENCE_HISTOGRAM)),
                Map.of("command side", ClassHistogram.parse(END_HISTOGRAM)));
    }

    private static LoadRun.Sample sample(long secondsIn, long heapMiB, long threads) {
        return new LoadRun.Sample(secondsIn, Map.of("command side",
                new ServiceProbe.Reading(heapMiB * 1024 * 1024, threads)));
    }
}
