package com.nlre.tenancy.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.bench.BenchOptions;
import com.nlre.tenancy.bench.cpu.CpuAccount;
import com.nlre.tenancy.bench.cpu.ThreadStates;
import com.nlre.tenancy.bench.load.EndpointStats;
import com.nlre.tenancy.bench.load.Workload;
import com.nlre.tenancy.bench.load.Workload.PhaseResult;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the run's figures and renders {@code BENCHMARKS.md}. */
public final class Report {

    private final BenchOptions options;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String loadAtStart = Machine.loadAverage();
    private final StringBuilder results = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();
    private String consumerGroup = "not measured";
    private double setupSeconds;
    private double totalSeconds;

    public Report(BenchOptions options) {
        this.options = options;
    }

    public void setupSeconds(double seconds) {
        this.setupSeconds = seconds;
    }

    private String warmUp = "";

    public void warmUp(double seconds, double compilerCores, double settledBelow) {
        warmUp = Double.isNaN(compilerCores)
                ? String.format(Locale.ROOT, "%.0f s (compilers not measured: no process ids)", seconds)
                : String.format(Locale.ROOT, "%.0f s of the mixed workload, until the JIT compilers of the command "
                                + "side and query side 1 used %.2f cores (settled below %.2f%s)", seconds, compilerCores,
                        settledBelow, compilerCores < settledBelow ? "" : "; **not settled** within the most warm-up "
                                + "time");
    }

    public void totalSeconds(double seconds) {
        this.totalSeconds = seconds;
    }

    public void consumerGroup(Map<String, List<Integer>> assignments) {
        StringBuilder text = new StringBuilder("| consumer (client id) | instance | partitions of nlre.events.v1 |\n"
                + "| --- | --- | --- |\n");
        java.util.Set<String> instances = new java.util.TreeSet<>();
        assignments.forEach((client, partitions) -> {
            text.append("| ").append(client).append(" | ").append(ConsumerGroupCheck.instanceOf(client)).append(" | ")
                    .append(partitions).append(" |\n");
            if (!partitions.isEmpty()) {
                instances.add(ConsumerGroupCheck.instanceOf(client));
            }
        });
        text.append("\nInstances holding partitions: ").append(instances.size()).append(" ").append(instances)
                .append(".\n");
        consumerGroup = text.toString();
    }

    public void consumerGroupFailed(String error) {
        consumerGroup = "The consumer group could not be described: " + error;
    }

    public void mixed(PhaseResult mixed, long lagNotReached) {
        long commands = 0;
        for (String endpoint : List.of(Workload.ADD_LEAD, Workload.LOG_CALL, Workload.UPDATE_STATUS)) {
            EndpointStats stats = mixed.endpoints().get(endpoint);
            commands += stats == null ? 0 : stats.succeeded();
        }
        results.append("## Mixed workload\n\n").append(String.format(Locale.ROOT,
                "%d tenants, %d requests in flight (closed loop), %.0f s: add lead 35 %%, log call 15 %%, update status "
                        + "20 %%, list leads 20 %%, usage 10 %%. Reads alternate between the two query-side instances. "
                        + "**Commands accepted: %.0f/s.**%n%n",
                options.tenants(), options.concurrency(), mixed.seconds(), commands / mixed.seconds()));
        results.append(Tables.LATENCY_HEADER).append(Tables.latencyRows(mixed.endpoints().values(), mixed.seconds()));
        Histogram lag = histogram(mixed, Workload.LAG);
        results.append(String.format(Locale.ROOT, "%nProjection lag: one add in ten is read back from the query side "
                        + "with its `X-Consistency-Token` right after it was accepted; the lag is from the command's "
                        + "answer to the query's answer (so it includes one read and the query side's 20 ms polling "
                        + "step). %d samples, %d not reached within the 5 s wait.%n%n",
                lag.getTotalCount(), lagNotReached));
        targets.add(new String[]{"projection lag p99 under 250 ms (mixed workload)", Tables.ms(lag, 99) + " ms",
                verdict(lag.getTotalCount() > 0 && lag.getValueAtPercentile(99) < 250_000)});
    }

    public void baseline(PhaseResult oursAdd, PhaseResult baseAdd, PhaseResult oursList, PhaseResult baseList) {
        results.append("## Against a plain CRUD baseline\n\n").append(String.format(Locale.ROOT,
                "Each phase %.0f s, %d requests in flight, spread over the same %d tenants. The baseline "
                        + "(`BaselineServer`) writes and reads the same lead documents straight to/from the same "
                        + "embedded MongoDB with the driver: tenant filter and tenant-first index, no events, no Kafka, "
                        + "no authentication, no quota, no audit trail.%n%n", oursAdd.seconds(), options.concurrency(),
                options.tenants()));
        results.append(Tables.LATENCY_HEADER);
        results.append(Tables.latencyRows(oursAdd.endpoints().values(), oursAdd.seconds()));
        if (baseAdd != null) {
            results.append(Tables.latencyRows(baseAdd.endpoints().values(), baseAdd.seconds()));
        }
        results.append(Tables.latencyRows(oursList.endpoints().values(), oursList.seconds()));
        if (baseList != null) {
            results.append(Tables.latencyRows(baseList.endpoints().values(), baseList.seconds()));
        }
        double oursWrite = rate(oursAdd, Workload.ADD_LEAD);
        double oursRead = rate(oursList, Workload.LIST_LEADS);
        targets.add(new String[]{"at least 1,000 add-lead commands/s end to end", String.format(Locale.ROOT,
                "%.0f/s", oursWrite), verdict(oursWrite >= 1000)});
        if (baseAdd != null && baseList != null) {
            double baseWrite = rate(baseAdd, Workload.BASELINE_ADD);
            double baseRead = rate(baseList, Workload.BASELINE_LIST);
            results.append(String.format(Locale.ROOT, "%nRatios (ours / baseline): write throughput **%s**, "
                            + "write p99 %s; read throughput **%s**, read p99 %s.%n%n",
                    Tables.ratio(oursWrite, baseWrite),
                    Tables.ratio(p99(oursAdd, Workload.ADD_LEAD), p99(baseAdd, Workload.BASELINE_ADD)),
                    Tables.ratio(oursRead, baseRead),
                    Tables.ratio(p99(oursList, Workload.LIST_LEADS), p99(baseList, Workload.BASELINE_LIST))));
            targets.add(new String[]{"our/baseline write throughput at least 0.5",
                    Tables.ratio(oursWrite, baseWrite), verdict(baseWrite > 0 && oursWrite / baseWrite >= 0.5)});
        }
    }

    public void halfRate(double rate, double maxRate, PhaseResult half) {
        Histogram h = histogram(half, Workload.ADD_LEAD);
        results.append("## Add lead at a fixed rate\n\n").append(String.format(Locale.ROOT,
                "%.0f adds/s (half the %.0f/s measured above, capped at 500/s = half the 1,000/s target), latency "
                        + "counted from each request's scheduled start (no coordinated omission).%n%n", rate, maxRate));
        results.append(Tables.LATENCY_HEADER).append(Tables.latencyRows(half.endpoints().values(), half.seconds()))
                .append("\n");
        targets.add(new String[]{String.format(Locale.ROOT, "p99 command latency under 50 ms at half rate (%.0f/s)",
                rate), Tables.ms(h, 99) + " ms", verdict(h.getTotalCount() > 0 && h.getValueAtPercentile(99) < 50_000)});
    }

    private String seeding = "";

    public void seedSkipped(String why) {
        seeding = "Seeding skipped: " + why + ".\n\n";
    }

    public void seeding(long events, long leads, String seederLine, double seedSeconds, boolean reached,
                        double visibleSeconds) {
        seeding = String.format(Locale.ROOT, """
                        The huge tenant's %,d events (%,d leads: `LeadAdded`, then `LeadStatusChanged` contacted ⇄ \
                        qualified) were appended by `EventSeeder`: the command side's own application context (its \
                        exec jar's classpath, a second instance on the same event store and Kafka) appending real \
                        `events-api` events through its Axon `EventStorageEngine` — so its configured serializer wrote \
                        payloads and metadata — and their `tenant_event_index` rows with `TenantEventIndex`'s \
                        statement, 1,000 events per transaction. Command handlers and the other subscribing \
                        processors were skipped (no quota counting; seeded leads cannot be called). The outbox then \
                        published them to Kafka like any other event and the query side projected them. Seeder: `%s` (%.1f s including its start). %s%n%n""",
                events, leads, seederLine, seedSeconds, reached
                        ? String.format(Locale.ROOT, "The last seeded event was visible on the query side %.1f s after "
                        + "the seeder started: **%.0f events/s** end to end through outbox, Kafka and projections.",
                        visibleSeconds, events / visibleSeconds)
                        : String.format(Locale.ROOT, "The query side had NOT shown the last seeded event %.0f s after the "
                        + "seeder started; the figures after this point ran while it was still catching up.",
                        visibleSeconds));
    }

    private final StringBuilder history = new StringBuilder();

    public void historyEvents(String tenantId, long events) {
        history.append(String.format(Locale.ROOT, "- history of %s: %,d events read per pass (in the order measured: small before, small after, huge)%n", tenantId, events));
    }

    public void noisyNeighbour(PhaseResult before, PhaseResult after, List<Double> historyBefore,
                               List<Double> historyAfter, long seeded) {
        results.append("## Noisy neighbour\n\n").append(String.format(Locale.ROOT,
                "A small tenant adds and lists its leads at a fixed 40 requests/s, first alone, then once one huge "
                        + "tenant holds %,d more events (and their leads in the read models).%n%n", seeded))
                .append(seeding);
        results.append(Tables.LATENCY_HEADER.replace("| endpoint |", "| phase: endpoint |"));
        results.append(Tables.latencyRows(before.endpoints().values(), before.seconds(), before.name() + ": "));
        results.append(Tables.latencyRows(after.endpoints().values(), after.seconds(), after.name() + ": "));
        results.append(String.format(Locale.ROOT, "%nRatios after / before: add p99 **%s**, list p99 **%s** "
                        + "(close to 1 means the huge tenant does not slow the small one).%n%n",
                Tables.ratio(p99(after, Workload.ADD_LEAD), p99(before, Workload.ADD_LEAD)),
                Tables.ratio(p99(after, Workload.LIST_LEADS), p99(before, Workload.LIST_LEADS))));
        results.append(String.format(Locale.ROOT, "History read of the small tenant (`GET /api/v1/operator/tenants/"
                        + "{id}/history`, every page), five passes each: median %.1f ms before, %.1f ms after the "
                        + "huge tenant's events (ratio %s).%n", median(historyBefore), median(historyAfter),
                Tables.ratio(median(historyAfter), median(historyBefore))));
    }

    public void hugeHistory(List<Double> millis) {
        results.append(String.format(Locale.ROOT, "The huge tenant's history, first pages only (see the event count "
                + "below), median %.1f ms.%n%n", median(millis))).append(history).append("\n");
    }

    /** The huge tenant's whole-tenant GDPR export: how long to a completed job, its size and its download. */
    public void gdprExport(JsonNode job, double seconds, int downloadStatus, long bytes, double downloadSeconds) {
        long events = job.path("eventsRead").asLong();
        StringBuilder counts = new StringBuilder();
        job.path("counts").fields().forEachRemaining(count -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(count.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", count.getValue().asLong())));
        results.append(String.format(Locale.ROOT,
                "GDPR export of the huge tenant (`POST /api/v1/operator/tenants/{id}/gdpr/exports`, polled until "
                        + "completed, then downloaded): %,d events read from its history and every record of its read "
                        + "models written into the ZIP in **%.1f s** (**%.0f events/s**, from the request to the "
                        + "completed job); the ZIP is %.1f MB (%s), downloaded in %.2f s (status %d).%n%n",
                events, seconds, events / seconds, job.path("sizeBytes").asLong() / 1e6,
                counts.isEmpty() ? "no counts" : counts, downloadSeconds, downloadStatus));
        if (bytes != job.path("sizeBytes").asLong()) {
            results.append(String.format(Locale.ROOT, "The download had %,d bytes, the job reported %,d.%n%n", bytes,
                    job.path("sizeBytes").asLong()));
        }
    }

    public void gdprExportFailed(String why) {
        results.append("GDPR export of the huge tenant: **not completed**: ").append(why).append(".\n\n");
    }

    private String leadCounts = "";

    public void leadCounts(Map<String, Long> counts) {
        leadCounts = String.format(Locale.ROOT, "Nothing lost or applied twice: for %d tenants the usage report's "
                        + "`leads` equals the lead adds accepted for it, for %d it differs (listed in the run's log).%n%n",
                counts.get("exact"), counts.get("differing"));
    }

    private String rebuild = "Rebuild not run.\n";

    public void rebuildFailed(String why) {
        rebuild = "Rebuild failed: " + why + "\n";
    }

    public void rebuild(JsonNode state, double seconds, long identical, int tenants) {
        long events = state == null ? 0 : state.path("eventsRead").asLong();
        double rate = events / seconds;
        String name = state == null ? "unknown" : state.path("state").asText();
        if (!name.equals("COMPLETED")) {
            rebuild = String.format(Locale.ROOT, "`POST /api/v1/operator/rebuilds` (all tenants) on query-side-1, "
                            + "query-side-2 stopped first: **not completed** within the run's time budget (state %s "
                            + "after %.0f s, %,d events read, %.0f events/s so far; at that rate 1,000,000 events would "
                            + "take %.0f s). The read models were therefore not compared with the live ones in this "
                            + "run.%n%n", name, seconds, events, rate, rate > 0 ? 1_000_000 / rate : 0);
            targets.add(new String[]{"replay at least 20,000 events/s", String.format(Locale.ROOT,
                    "%.0f events/s (not completed)", rate), verdict(false)});
            return;
        }
        rebuild = String.format(Locale.ROOT, """
                        `POST /api/v1/operator/rebuilds` (all tenants) on query-side-1, query-side-2 stopped first: \
                        state **%s**, %,d events read in %.1f s (start to switch, including the 5 s commit window and \
                        the final catch-up) = **%.0f events/s**. Extrapolated to 1,000,000 events at that rate: %.0f s.

                        Read models after the rebuild (one instance, from the event store) compared with the live ones \
                        the two instances built from Kafka: %d of %d tenants identical (every page of their leads and \
                        their usage report, SHA-256).%n%n""",
                name, events, seconds, rate,
                rate > 0 ? 1_000_000 / rate : 0, identical, tenants);
        targets.add(new String[]{"replay at least 20,000 events/s", String.format(Locale.ROOT, "%.0f events/s", rate),
                verdict(rate >= 20_000)});
    }

    private String rebuildCpu = "";

    /** Where the cores went while the rebuild ran: each process's share, and the CPU time per event replayed. */
    public void rebuildCpu(CpuAccount.Use use, long events) {
        StringBuilder text = new StringBuilder("CPU during the rebuild (cores kept busy on average):");
        use.cpuSeconds().keySet().stream().filter(process -> use.coresUsed(process) >= 0.005)
                .forEach(process -> text.append(String.format(Locale.ROOT, " %s %.2f;", process,
                        use.coresUsed(process))));
        text.append(String.format(Locale.ROOT, " all of them %.2f of %d cores, machine busy %s",
                use.totalCpuSeconds() / use.wallSeconds(), use.cores(),
                use.machineBusy() < 0 ? "?" : String.format(Locale.ROOT, "%.0f %%", use.machineBusy() * 100)));
        if (events > 0) {
            text.append(String.format(Locale.ROOT, "; **%.0f µs of CPU per event replayed** (all processes)",
                    use.totalCpuSeconds() * 1e6 / events));
        }
        rebuildCpu = text.append(". The busiest kinds of thread are under \"Where the cores went\".\n\n").toString();
    }

    /** The tenants whose rebuilt read models differ from the live ones, each with where it first differs. */
    public void rebuildDifferences(Map<String, String> firstDifferences) {
        if (firstDifferences.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "The %d tenants that differ, each where its "
                + "answers first differ (at most 20 listed):%n%n", firstDifferences.size()));
        firstDifferences.entrySet().stream().limit(20).forEach(entry -> text.append("- ").append(entry.getKey())
                .append(": ").append(entry.getValue()).append('\n'));
        rebuild = rebuild + text + "\n";
    }

    private String cpu = "";

    /**
     * Where the cores went in each measured phase: the cores each process kept busy on average, the machine's busy
     * share, and, for a phase with accepted commands, the CPU time all processes spent per accepted command.
     *
     * @param commands per phase, the commands (or baseline writes) answered 2xx in it; absent for read phases
     */
    public void cpu(List<CpuAccount.Use> uses, Map<String, Long> commands, ThreadStates requestThreads) {
        if (uses.isEmpty()) {
            return;
        }
        List<String> processes = new ArrayList<>();
        uses.forEach(use -> use.cpuSeconds().keySet().stream().filter(name -> !processes.contains(name))
                .forEach(processes::add));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Each process's CPU time (user + system, "
                + "from the operating system) over each phase, as the cores it kept busy on average (%d cores in all); "
                + "machine busy = the share of all cores' time not idle (`/proc/stat`, other work included).%n%n",
                uses.get(0).cores()));
        text.append("| process |");
        uses.forEach(use -> text.append(' ').append(use.phase()).append(" |"));
        text.append("\n| --- |");
        uses.forEach(use -> text.append(" ---: |"));
        text.append('\n');
        for (String process : processes) {
            text.append("| ").append(process).append(" |");
            uses.forEach(use -> text.append(String.format(Locale.ROOT, " %.2f |", use.coresUsed(process))));
            text.append('\n');
        }
        text.append("| **all of them** |");
        uses.forEach(use -> text.append(String.format(Locale.ROOT, " **%.2f** |", use.totalCpuSeconds()
                / use.wallSeconds())));
        text.append("\n| machine busy |");
        uses.forEach(use -> text.append(use.machineBusy() < 0 ? " ? |"
                : String.format(Locale.ROOT, " %.0f %% |", use.machineBusy() * 100)));
        text.append("\n| CPU ms per accepted command (all processes) |");
        uses.forEach(use -> {
            Long accepted = commands.get(use.phase());
            text.append(accepted == null || accepted == 0 ? " – |"
                    : String.format(Locale.ROOT, " %.1f |", use.totalCpuSeconds() * 1000 / accepted));
        });
        text.append("\n\n");
        if (requestThreads != null && requestThreads.dumps() > 0) {
            long samples = requestThreads.samples().size();
            text.append(String.format(Locale.ROOT, "The command side's request threads during the add-lead-only "
                    + "phase, from %d thread dumps (`jcmd Thread.print`), %d thread samples:%n%n",
                    requestThreads.dumps(), samples));
            text.append("| state | samples | share |\n| --- | ---: | ---: |\n");
            requestThreads.byState().forEach((state, count) -> text.append(String.format(Locale.ROOT,
                    "| %s | %d | %.0f %% |%n", state, count, 100.0 * count / samples)));
            text.append("\n| state — where (first frame, what it waits on, our code under it) | samples |\n"
                    + "| --- | ---: |\n");
            requestThreads.byPlace().entrySet().stream().limit(12).forEach(entry -> text.append(String.format(
                    Locale.ROOT, "| `%s` | %d |%n", entry.getKey(), entry.getValue())));
            text.append('\n');
        }
        cpu = text.toString();
    }

    private final StringBuilder threadCpu = new StringBuilder();

    /** One process's CPU time by kind of thread over a phase ({@link com.nlre.tenancy.bench.cpu.ThreadCpu}). */
    public void threadCpu(String phase, String process, Map<String, Double> seconds, double wallSeconds) {
        if (seconds.isEmpty()) {
            return;
        }
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        threadCpu.append(String.format(Locale.ROOT, "%s during \"%s\" (%.2f cores in all), its busiest kinds of "
                + "thread:%n%n| thread (digits as #) | cores | share |%n| --- | ---: | ---: |%n", process, phase,
                total / wallSeconds));
        seconds.entrySet().stream().limit(10).forEach(entry -> threadCpu.append(String.format(Locale.ROOT,
                "| `%s` | %.2f | %.0f %% |%n", entry.getKey(), entry.getValue() / wallSeconds,
                100 * entry.getValue() / total)));
        threadCpu.append('\n');
    }

    private String jfr = "";

    public void jfr(JfrSummary.Summary summary, Path recording) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Command side recorded with JFR (`jcmd JFR.start`, profile settings) during the add-lead-only phase "
                        + "only, so tenant set-up (BCrypt) and reads stay out of it; %,d CPU samples, in `bench-data/%s`.%n%n"
                        + "| where the time goes (by frames in the sampled stack) | samples | share |%n| --- | ---: | ---: |%n",
                summary.samples(), recording.getFileName()));
        summary.categories().forEach(hot -> text.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% |%n",
                hot.method(), hot.samples(), hot.share())));
        text.append("\n| self time (top frame) | samples | share |\n| --- | ---: | ---: |\n");
        summary.selfTime().forEach(hot -> text.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n",
                hot.method(), hot.samples(), hot.share())));
        text.append("\n| our code the sample was under (first com.nlre frame) | samples | share |\n| --- | ---: | ---: |\n");
        summary.ourCode().forEach(hot -> text.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n",
                hot.method(), hot.samples(), hot.share())));
        jfr = text.append("\n").toString();
    }

    public void jfrFailed(String output) {
        jfr = "JFR dump failed: " + output + "\n\n";
    }

    public String render() {
        String machine = Machine.describe();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `./bench.sh` (module `bench`); rerun it to refresh this file. Every figure below "
                        + "comes from one run, so ratios compare like with like on the same machine.\n\n")
                .append("| | |\n| --- | --- |\n")
                .append("| run | ").append(started).append(String.format(Locale.ROOT, ", %.0f s (tenant set-up %.0f s)",
                        totalSeconds, setupSeconds)).append(" |\n")
                .append("| command | `").append(System.getenv().getOrDefault("BENCH_COMMAND_LINE", "./bench.sh"))
                .append("` |\n")
                .append("| machine | ").append(machine).append(" |\n")
                .append("| load average (1/5/15 min) | at start ").append(loadAtStart).append(", at end ")
                .append(Machine.loadAverage()).append(options.machineNote().isBlank() ? "" : "; " + options.machineNote())
                .append(" |\n")
                .append("| platform | local-infra (in-JVM Kafka; mongo-java-server 1.47.0 in memory with its indexes used and every write journaled to a file), "
                        + "event store ").append(options.eventStore())
                .append(", command side ×1, query side ×2 (one consumer group), baseline server ×1; "
                        + "Spring Boot 3.5.7, Axon 4.13.0, Kafka clients ")
                .append(org.apache.kafka.common.utils.AppInfoParser.getVersion()).append(", HdrHistogram 2.2.2 |\n")
                .append("| warm-up (not reported) | ").append(warmUp).append(" |\n")
                .append("| load | ").append(String.format(Locale.ROOT, "%d tenants (enterprise, no limits), %d requests "
                                + "in flight from the bench JVM (its own process, JDK HttpClient)%s |%n%n", options.tenants(),
                        options.concurrency(), options.quick() ? ", **--quick profile**" : ""));
        md.append("## Targets\n\n| target (2 cores, embedded infrastructure) | measured | |\n| --- | --- | --- |\n");
        targets.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        md.append("\n").append(results);
        md.append("## Two query-side instances\n\nThe query side's consumer group during the mixed workload "
                + "(Kafka AdminClient):\n\n").append(consumerGroup).append("\n").append(leadCounts);
        md.append("## Replay (rebuild of every read model)\n\n").append(rebuild).append(rebuildCpu);
        md.append("## Where the cores went\n\n").append(cpu.isEmpty() ? "Not measured (no process ids given).\n\n"
                : cpu).append(threadCpu);
        md.append("## Write path profile\n\n").append(jfr);
        md.append(notes());
        return md.toString();
    }

    private static String notes() {
        try (var in = Report.class.getResourceAsStream("/benchmarks-notes.md")) {
            return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static double rate(PhaseResult phase, String endpoint) {
        EndpointStats stats = phase.endpoints().get(endpoint);
        return stats == null ? 0 : stats.succeeded() / phase.seconds();
    }

    private static double p99(PhaseResult phase, String endpoint) {
        return histogram(phase, endpoint).getValueAtPercentile(99);
    }

    private static Histogram histogram(PhaseResult phase, String endpoint) {
        EndpointStats stats = phase.endpoints().get(endpoint);
        return stats == null ? new Histogram(3) : stats.histogram();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
