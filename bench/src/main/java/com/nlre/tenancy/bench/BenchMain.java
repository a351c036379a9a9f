package com.nlre.tenancy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.bench.cpu.CpuAccount;
import com.nlre.tenancy.bench.cpu.ThreadCpu;
import com.nlre.tenancy.bench.cpu.ThreadStates;
import com.nlre.tenancy.bench.load.Http;
import com.nlre.tenancy.bench.load.Phase;
import com.nlre.tenancy.bench.load.TenantSession;
import com.nlre.tenancy.bench.load.Workload;
import com.nlre.tenancy.bench.load.Workload.PhaseResult;
import com.nlre.tenancy.bench.report.ConsumerGroupCheck;
import com.nlre.tenancy.bench.report.JfrSummary;
import com.nlre.tenancy.bench.report.Machine;
import com.nlre.tenancy.bench.report.Report;
import com.nlre.tenancy.bench.soak.LoadRun;
import com.nlre.tenancy.bench.soak.LoadRunReport;
import com.nlre.tenancy.bench.soak.ServiceProbe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark run, against a platform {@code bench.sh} has started: set-up, the measured phases in a fixed order,
 * then {@code BENCHMARKS.md}. Every phase has a fixed length or a fixed amount of work; failures end the run with a
 * message (the script then stops every process it started).
 */
public final class BenchMain {

    static final String EVENT_TOPIC = "nlre.events.v1";

    private final BenchOptions options;
    private final Http http = new Http();
    private final Workload workload;
    private final Report report;
    /** Cores the compiler threads may still use when the warm-up counts them as settled. */
    private static final double JIT_SETTLED_CORES = 0.1;
    /** The phases whose CPU time is also accounted for by thread, in the services that do the work. */
    private static final java.util.Set<String> THREADS_ACCOUNTED_IN = java.util.Set.of("ours add", "baseline add");
    private final List<CpuAccount.Use> cpuUses = new ArrayList<>();
    /** The seeder while it runs: stopped with this JVM, so no seeding outlives an interrupted run. */
    private volatile Process seeder;

    private BenchMain(BenchOptions options) {
        this.options = options;
        this.workload = new Workload(options, http);
        this.report = new Report(options);
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        BenchMain bench = new BenchMain(options);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopSeeder, "bench-stop-seeder"));
        try {
            if (options.soak() != null) {
                bench.runLoad();
            } else {
                bench.run();
            }
        } finally {
            bench.workload.close();
        }
        System.exit(0);
    }

    private static void log(String message) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
    }

    private void run() throws Exception {
        long runStarted = System.nanoTime();
        int setupThreads = 8;
        log("setting up " + options.tenants() + " tenants (" + setupThreads + " at a time)");
        long setupStart = System.nanoTime();
        workload.setUpTenants(options.tenants(), setupThreads, "Bench Tenant");
        report.setupSeconds((System.nanoTime() - setupStart) / 1e9);

        warmUp();

        log("mixed workload for " + options.duration().toSeconds() + " s, " + options.concurrency() + " in flight");
        PhaseResult mixed = Workload.phase("mixed");
        Thread groupCheck = new Thread(() -> {
            sleep(options.duration().dividedBy(2));
            try {
                report.consumerGroup(ConsumerGroupCheck.assignments(options.kafkaBootstrap(), EVENT_TOPIC));
            } catch (Exception e) {
                report.consumerGroupFailed(e.toString());
            }
        }, "bench-consumer-group");
        groupCheck.start();
        CpuAccount.Running mixedCpu = CpuAccount.start("mixed", processes());
        double mixedSeconds = Phase.run(options.concurrency(), options.duration(), 0,
                (w, start) -> workload.mixed(mixed, w, start, true));
        cpuUses.add(mixedCpu.stop());
        workload.drainLagProbes();
        groupCheck.join();
        report.mixed(new PhaseResult("mixed", mixedSeconds, mixed.endpoints()), workload.lagNotReached());

        log("add lead only (ours, then the baseline), " + options.phase().toSeconds() + " s each");
        jcmd("JFR.start", "name=write-path", "settings=profile");
        ThreadStates requestThreads = new ThreadStates();
        Thread dumps = threadDumps(requestThreads, options.phase());
        PhaseResult oursAdd = timed("ours add", options.concurrency(), 0,
                (p, w, start) -> workload.addLead(p, w, workload.randomTenant(), start, false));
        dumps.join();
        Path recording = options.workDir().resolve("command-side-write-path.jfr").toAbsolutePath();
        String dumped = jcmd("JFR.dump", "name=write-path", "filename=" + recording);
        jcmd("JFR.stop", "name=write-path");
        PhaseResult baseAdd = options.baselineUrl() == null ? null : timed("baseline add", options.concurrency(), 0,
                (p, w, start) -> workload.baselineAdd(p, workload.randomTenant(), start));
        log("list leads only (ours, then the baseline)");
        PhaseResult oursList = timed("ours list", options.concurrency(), 0,
                (p, w, start) -> workload.listLeads(p, workload.randomTenant(), start));
        PhaseResult baseList = options.baselineUrl() == null ? null : timed("baseline list", options.concurrency(), 0,
                (p, w, start) -> workload.baselineList(p, workload.randomTenant(), start));
        report.baseline(oursAdd, baseAdd, oursList, baseList);

        double maxRate = oursAdd.endpoint(Workload.ADD_LEAD).succeeded() / oursAdd.seconds();
        double halfRate = Math.max(1, Math.min(500, maxRate / 2));
        log(String.format("add lead at a fixed %.0f/s (half the measured %.0f/s, at most 500/s)", halfRate, maxRate));
        PhaseResult half = timed("half rate", Math.max(32, options.concurrency() * 2), halfRate,
                (p, w, start) -> workload.addLead(p, w, workload.randomTenant(), start, false));
        report.halfRate(halfRate, maxRate, half);
        Map<String, Long> commands = new LinkedHashMap<>();
        commands.put("mixed", accepted(mixed, Workload.ADD_LEAD, Workload.LOG_CALL, Workload.UPDATE_STATUS));
        commands.put("ours add", accepted(oursAdd, Workload.ADD_LEAD));
        if (baseAdd != null) {
            commands.put("baseline add", accepted(baseAdd, Workload.BASELINE_ADD));
        }
        commands.put("half rate", accepted(half, Workload.ADD_LEAD));
        report.cpu(cpuUses, commands, requestThreads);

        log("noisy neighbour: a small tenant alone");
        TenantSession small = workload.setUpTenant("Small Tenant");
        TenantSession huge = workload.createTenant("Huge Tenant");
        workload.awaitProjected(small, Duration.ofSeconds(60));
        PhaseResult smallBefore = smallTenantProbe(small, "small tenant, before");
        List<Double> historyBefore = historyReads(small);

        long seeded = 0;
        if (options.replayEvents() > 0 && options.seederCommand() != null) {
            seeded = seedAndCatchUp(huge);
        } else {
            report.seedSkipped("no seeder command or --replay-events=0");
        }
        log("noisy neighbour: the small tenant beside the huge one");
        PhaseResult smallAfter = smallTenantProbe(small, "small tenant, after");
        List<Double> historyAfter = historyReads(small);
        report.noisyNeighbour(smallBefore, smallAfter, historyBefore, historyAfter, seeded);
        report.hugeHistory(historyReads(huge, options.quick() ? 2_000 : 100_000));
        if (seeded > 0) {
            gdprExport(huge, seeded);
        }

        log("read models with two query-side instances: snapshot");
        List<TenantSession> compared = new ArrayList<>(workload.tenants());
        compared.add(small);
        long behind = compared.stream().filter(t -> !workload.awaitProjected(t, Duration.ofSeconds(30))).count();
        if (behind > 0) {
            log(behind + " tenants' last commands were still not projected after 30 s each");
        }
        Map<String, List<String>> liveBodies = new LinkedHashMap<>();
        Map<String, String> live = snapshot(compared, liveBodies);
        report.leadCounts(checkCounts(compared));

        if (options.query2Pid() > 0) {
            log("stopping query-side-2 (a rebuild of all runs with one consuming instance)");
            ProcessHandle.of(options.query2Pid()).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        }
        rebuild(compared, live, liveBodies);

        if (Files.exists(recording)) {
            report.jfr(JfrSummary.read(recording, 15), recording);
        } else {
            report.jfrFailed(dumped);
        }
        report.totalSeconds((System.nanoTime() - runStarted) / 1e9);
        Files.writeString(options.output(), report.render());
        log("wrote " + options.output().toAbsolutePath());
    }

    /** The sustained load run alone (issue 8): {@code --soak} long at {@code --rate}, into RELIABILITY.md. */
    private void runLoad() {
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage();
        log("setting up " + options.tenants() + " tenants (8 at a time)");
        workload.setUpTenants(options.tenants(), 8, "Load Tenant");
        Duration warmup = Duration.ofSeconds(15);
        log("warm-up, mixed workload at " + options.rate() + "/s for " + warmup.toSeconds() + " s");
        PhaseResult warm = Workload.phase("warm-up");
        int workers = (int) Math.max(32, Math.min(256, options.rate()));
        Phase.run(workers, warmup, options.rate(), (w, start) -> workload.mixed(warm, w, start, false));
        List<ServiceProbe> services = new ArrayList<>();
        services.add(LoadRun.service("command side", options.commandUrl(), options.commandPid()));
        services.add(LoadRun.service("query side 1", options.queryUrl(), options.queryPid()));
        if (options.query2Url() != null) {
            services.add(LoadRun.service("query side 2", options.query2Url(), options.query2Pid()));
        }
        log("load run: mixed workload at " + options.rate() + "/s for " + options.soak().toSeconds() + " s");
        LoadRun.Result result = new LoadRun(http, workload, services).run(options.soak(), options.rate(), workers);
        LoadRunReport.writeInto(options.reliabilityOutput(), result, started, loadAtStart, options.eventStore());
        log(String.format("load run: %d requests, %d not 2xx; caught up %d ms after the load; written into %s",
                result.requests(), result.errors(), result.caughtUpMillis(),
                options.reliabilityOutput().toAbsolutePath()));
    }

    @FunctionalInterface
    private interface PhaseOperation {
        void run(PhaseResult phase, int worker, long start);
    }

    /**
     * The mixed workload until the services' just-in-time compilers have settled: a fixed first stretch, then slices
     * until a slice in which the command side's and the first query side's compiler threads together kept less than
     * {@link #JIT_SETTLED_CORES} cores busy, or the most warm-up time has passed. A long-running service has compiled
     * its hot code long ago; measured earlier, a phase would count that compilation as the cost of its requests.
     */
    private void warmUp() {
        Duration first = Duration.ofSeconds(options.quick() ? 5 : 15);
        Duration slice = Duration.ofSeconds(5);
        Duration most = Duration.ofSeconds(options.quick() ? 30 : 120);
        log("warm-up, mixed workload for at least " + first.toSeconds() + " s, until the JIT compilers settle (at most "
                + most.toSeconds() + " s)");
        PhaseResult warm = Workload.phase("warm-up");
        long started = System.nanoTime();
        Phase.run(options.concurrency(), first, 0, (w, start) -> workload.mixed(warm, w, start, false));
        double compiling = Double.NaN;
        while (System.nanoTime() - started < most.toNanos()) {
            ThreadCpu command = ThreadCpu.start(options.commandPid());
            ThreadCpu query = ThreadCpu.start(options.queryPid());
            double seconds = Phase.run(options.concurrency(), slice, 0,
                    (w, start) -> workload.mixed(warm, w, start, false));
            compiling = (compilerSeconds(command.stop()) + compilerSeconds(query.stop())) / seconds;
            if (compiling < JIT_SETTLED_CORES) {
                break;
            }
        }
        workload.drainLagProbes();
        double warmSeconds = (System.nanoTime() - started) / 1e9;
        log(String.format(java.util.Locale.ROOT, "warmed up for %.0f s; compilers at the end: %.2f cores", warmSeconds,
                compiling));
        report.warmUp(warmSeconds, compiling, JIT_SETTLED_CORES);
    }

    private static double compilerSeconds(Map<String, Double> threads) {
        return threads.entrySet().stream().filter(entry -> entry.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** One single-endpoint phase, its CPU use accounted for under its name. */
    private PhaseResult timed(String name, int workers, double rate, PhaseOperation operation) {
        PhaseResult result = Workload.phase(name);
        CpuAccount.Running cpu = CpuAccount.start(name, processes());
        Map<String, ThreadCpu> threads = new LinkedHashMap<>();
        if (THREADS_ACCOUNTED_IN.contains(name)) {
            threads.put("command side", ThreadCpu.start(options.commandPid()));
            threads.put("query side 1", ThreadCpu.start(options.queryPid()));
            threads.put("local-infra", ThreadCpu.start(options.infraPid()));
        }
        double seconds = Phase.run(workers, options.phase(), rate, (w, start) -> operation.run(result, w, start));
        cpuUses.add(cpu.stop());
        threads.forEach((process, account) -> report.threadCpu(name, process, account.stop(), seconds));
        return new PhaseResult(name, seconds, result.endpoints());
    }

    /** The processes whose CPU time the phases account for, by the name the report gives them. */
    private Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("command side", options.commandPid());
        pids.put("query side 1", options.queryPid());
        pids.put("query side 2", options.query2Pid());
        pids.put("local-infra (Kafka broker, MongoDB)", options.infraPid());
        pids.put("baseline server", options.baselinePid());
        pids.put("bench driver (load generator)", ProcessHandle.current().pid());
        return pids;
    }

    private static long accepted(PhaseResult phase, String... endpoints) {
        long accepted = 0;
        for (String endpoint : endpoints) {
            var stats = phase.endpoints().get(endpoint);
            accepted += stats == null ? 0 : stats.succeeded();
        }
        return accepted;
    }

    /**
     * Takes a thread dump of the command side every few seconds for {@code length}, in the background, into
     * {@code states}; nothing when its pid is unknown.
     */
    private Thread threadDumps(ThreadStates states, Duration length) {
        Thread sampler = new Thread(() -> {
            long end = System.nanoTime() + length.toNanos() - Duration.ofSeconds(1).toNanos();
            sleep(Duration.ofSeconds(2));
            while (options.commandPid() > 0 && System.nanoTime() < end) {
                try {
                    states.add(jcmd("Thread.print"));
                } catch (Exception e) {
                    log("thread dump failed: " + e);
                    return;
                }
                sleep(Duration.ofSeconds(3));
            }
        }, "bench-thread-dumps");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /** A small tenant's own traffic at a fixed 20 adds and 20 list reads per second. */
    private PhaseResult smallTenantProbe(TenantSession small, String name) {
        PhaseResult result = Workload.phase(name);
        Duration length = Duration.ofSeconds(options.quick() ? 8 : 20);
        java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
        double seconds = Phase.run(8, length, 40, (w, start) -> {
            if (turn.getAndIncrement() % 2 == 0) {
                workload.addLead(result, 1000 + w, small, start, false);
            } else {
                workload.listLeads(result, small, start);
            }
        });
        return new PhaseResult(name, seconds, result.endpoints());
    }

    /** Reads one tenant's whole history (pages of 1000) five times; the milliseconds of each read. */
    private List<Double> historyReads(TenantSession tenant) {
        return historyReads(tenant, Long.MAX_VALUE);
    }

    private List<Double> historyReads(TenantSession tenant, long atMostEvents) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            long after = 0;
            long read = 0;
            while (read < atMostEvents) {
                Http.Answer page = http.send("GET", options.commandUrl() + "/api/v1/operator/tenants/"
                                + tenant.tenantId() + "/history?limit=1000&after=" + after, null,
                        "Authorization", workload.operatorAuthorization());
                if (!page.ok()) {
                    throw new IllegalStateException("history read failed: " + page.status() + " " + page.body());
                }
                long lines = page.body().lines().filter(line -> !line.isBlank()).count();
                read += lines;
                String next = page.header("X-Next-Cursor");
                if (lines < 1000 || next == null) {
                    break;
                }
                after = Long.parseLong(next);
            }
            millis.add((System.nanoTime() - start) / 1e6);
            if (i == 0) {
                report.historyEvents(tenant.tenantId(), read);
            }
        }
        return millis;
    }

    /** Seeds the huge tenant through the seeder process, then waits until the query side shows its last event. */
    private long seedAndCatchUp(TenantSession huge) throws Exception {
        long events = options.replayEvents();
        long leads = Math.max(1, events / 10);
        List<String> command = new ArrayList<>(List.of(options.seederCommand().trim().split("\\s+")));
        command.addAll(List.of(huge.tenantId(), Long.toString(events), Long.toString(leads)));
        log("seeding " + events + " events (" + leads + " leads) for the huge tenant: " + String.join(" ", command));
        Path seederLog = options.workDir().resolve("logs/seeder.log");
        long start = System.nanoTime();
        Process seeder = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.seeder = seeder;
        String token = null;
        String summary = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(seeder.getInputStream(),
                StandardCharsets.UTF_8)); var logFile = Files.newBufferedWriter(seederLog)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                logFile.write(line);
                logFile.newLine();
                if (line.startsWith("SEEDED ")) {
                    summary = line;
                    token = line.substring(line.indexOf("token=") + "token=".length()).trim();
                }
            }
        }
        if (seeder.waitFor() != 0 || token == null) {
            throw new IllegalStateException("the seeder failed; see " + seederLog);
        }
        double seedSeconds = (System.nanoTime() - start) / 1e9;
        log("seeded: " + summary);
        String lastLead = token.split(":")[1].substring(huge.tenantId().length() + 1);
        // at least 3 minutes, more for a large seeding (the measured end-to-end rate is some hundreds of events/s)
        long deadline = System.nanoTime() + Math.max(TimeUnit.MINUTES.toNanos(3),
                TimeUnit.SECONDS.toNanos(events / 300));
        boolean reached = false;
        while (!reached && System.nanoTime() < deadline) {
            Http.Answer answer = http.send("GET", options.queryUrl() + "/api/v1/leads/" + lastLead, null,
                    "Authorization", huge.authorization(http, options.commandUrl()), "X-Consistency-Token", token);
            reached = "true".equals(answer.header("X-Consistency-Reached"));
        }
        double visibleSeconds = (System.nanoTime() - start) / 1e9;
        report.seeding(events, leads, summary, seedSeconds, reached, visibleSeconds);
        return events;
    }

    /**
     * Each tenant's leads (every page) and usage report as the query side answers them, hashed; the answers
     * themselves go into {@code bodies}, so a difference found later can be shown.
     */
    private Map<String, String> snapshot(List<TenantSession> tenants, Map<String, List<String>> bodies)
            throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (TenantSession tenant : tenants) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> answers = readModel(tenant);
            for (String body : answers) {
                digest.update(body.getBytes(StandardCharsets.UTF_8));
            }
            hashes.put(tenant.tenantId(), HexFormat.of().formatHex(digest.digest()));
            bodies.put(tenant.tenantId(), answers);
        }
        return hashes;
    }

    /** Where two snapshots of one tenant first differ: the answer's number and a short excerpt of both. */
    static String firstDifference(List<String> live, List<String> rebuilt) {
        for (int page = 0; page < Math.max(live.size(), rebuilt.size()); page++) {
            String a = page < live.size() ? live.get(page) : "(no such answer)";
            String b = page < rebuilt.size() ? rebuilt.get(page) : "(no such answer)";
            if (!a.equals(b)) {
                int at = 0;
                while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 60);
                return String.format(java.util.Locale.ROOT, "answer %d of %d (the last is the usage report), from "
                                + "character %d: live `%s` / rebuilt `%s`", page + 1, live.size(), at,
                        excerpt(a, from), excerpt(b, from));
            }
        }
        return "no difference";
    }

    private static String excerpt(String text, int from) {
        return text.substring(Math.min(from, text.length()), Math.min(text.length(), from + 160)).replace('`', '\'');
    }

    private List<String> readModel(TenantSession tenant) {
        List<String> bodies = new ArrayList<>();
        String cursor = null;
        do {
            Http.Answer page = http.send("GET", options.queryUrl() + "/api/v1/leads?limit=100"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    null, "Authorization", tenant.authorization(http, options.commandUrl()));
            if (!page.ok()) {
                throw new IllegalStateException("list leads failed: " + page.status() + " " + page.body());
            }
            bodies.add(page.body());
            JsonNode next = page.json().path("nextCursor");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        Http.Answer usage = http.send("GET", options.queryUrl() + "/api/v1/usage", null,
                "Authorization", tenant.authorization(http, options.commandUrl()));
        bodies.add(usage.body());
        return bodies;
    }

    /** Tenants whose usage shows exactly the leads accepted for them (nothing lost, nothing applied twice). */
    private Map<String, Long> checkCounts(List<TenantSession> tenants) {
        Map<String, Long> accepted = workload.leadsAccepted();
        long exact = 0;
        long differing = 0;
        for (TenantSession tenant : tenants) {
            Http.Answer usage = http.send("GET", options.queryUrl() + "/api/v1/usage", null,
                    "Authorization", tenant.authorization(http, options.commandUrl()));
            long used = -1;
            for (JsonNode meter : usage.json().path("meters")) {
                if (meter.path("meter").asText().equals("leads")) {
                    used = meter.path("used").asLong();
                }
            }
            if (used == accepted.getOrDefault(tenant.tenantId(), 0L)) {
                exact++;
            } else {
                differing++;
                log("tenant " + tenant.tenantId() + ": usage shows " + used + " leads, "
                        + accepted.getOrDefault(tenant.tenantId(), 0L) + " were accepted");
            }
        }
        return Map.of("exact", exact, "differing", differing);
    }

    private void rebuild(List<TenantSession> tenants, Map<String, String> live, Map<String, List<String>> liveBodies)
            throws Exception {
        log("rebuilding every read model from the event store");
        CpuAccount.Running cpu = CpuAccount.start("rebuild", processes());
        ThreadCpu queryThreads = ThreadCpu.start(options.queryPid());
        ThreadCpu infraThreads = ThreadCpu.start(options.infraPid());
        ThreadCpu commandThreads = ThreadCpu.start(options.commandPid());
        long start = System.nanoTime();
        Http.Answer started = http.send("POST", options.queryUrl() + "/api/v1/operator/rebuilds", "{}",
                "Authorization", workload.operatorAuthorization());
        if (started.status() != 202) {
            report.rebuildFailed("POST /api/v1/operator/rebuilds answered " + started.status() + " " + started.body());
            return;
        }
        String progress = options.queryUrl() + "/api/v1/operator/rebuilds/" + started.json().path("rebuildId").asText();
        // at least 3 (quick) or 4 minutes, more for a large event store (the measured replay is some 1,000 events/s)
        long deadline = System.nanoTime() + Math.max(TimeUnit.MINUTES.toNanos(options.quick() ? 3 : 4),
                TimeUnit.SECONDS.toNanos(options.replayEvents() / 500));
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            state = http.send("GET", progress, null, "Authorization", workload.operatorAuthorization()).json();
            String name = state.path("state").asText();
            if (!name.equals("RUNNING") && !name.equals("SWITCHING")) {
                break;
            }
            sleep(Duration.ofMillis(250));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.rebuildCpu(cpu.stop(), state == null ? 0 : state.path("eventsRead").asLong());
        report.threadCpu("rebuild", "query side 1", queryThreads.stop(), seconds);
        report.threadCpu("rebuild", "local-infra", infraThreads.stop(), seconds);
        report.threadCpu("rebuild", "command side", commandThreads.stop(), seconds);
        if (state == null || !state.path("state").asText().equals("COMPLETED")) {
            report.rebuild(state, seconds, 0, live.size());
            return;
        }
        Map<String, List<String>> rebuiltBodies = new LinkedHashMap<>();
        Map<String, String> rebuilt = snapshot(tenants, rebuiltBodies);
        long identical = live.entrySet().stream().filter(e -> e.getValue().equals(rebuilt.get(e.getKey()))).count();
        report.rebuild(state, seconds, identical, live.size());
        Map<String, String> differences = new LinkedHashMap<>();
        live.forEach((tenant, hash) -> {
            if (!hash.equals(rebuilt.get(tenant))) {
                differences.put(tenant, firstDifference(liveBodies.get(tenant), rebuiltBodies.get(tenant)));
            }
        });
        report.rebuildDifferences(differences);
    }

    /**
     * The whole-tenant GDPR export of the huge tenant, as an operator asks for it: started, polled until it completes,
     * then downloaded. Timed from the request to the completed job, and the download on its own.
     */
    private void gdprExport(TenantSession tenant, long seeded) {
        log("GDPR export of the huge tenant");
        String exports = options.queryUrl() + "/api/v1/operator/tenants/" + tenant.tenantId() + "/gdpr/exports";
        long start = System.nanoTime();
        Http.Answer started = http.send("POST", exports, null, "Authorization", workload.operatorAuthorization());
        if (started.status() != 202) {
            report.gdprExportFailed("POST " + exports + " answered " + started.status() + " " + started.body());
            return;
        }
        String job = exports + "/" + started.json().path("exportId").asText();
        // the export reads some 5,000 events/s or more; allow a fifth of that and at least 3 minutes
        long deadline = start + Math.max(TimeUnit.MINUTES.toNanos(3), TimeUnit.SECONDS.toNanos(seeded / 1_000));
        JsonNode state = started.json();
        while (System.nanoTime() < deadline && !List.of("completed", "failed").contains(state.path("state").asText())) {
            sleep(Duration.ofMillis(250));
            Http.Answer progress = http.send("GET", job, null, "Authorization", workload.operatorAuthorization());
            if (progress.ok()) {
                state = progress.json();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!state.path("state").asText().equals("completed")) {
            report.gdprExportFailed(String.format(java.util.Locale.ROOT, "state %s after %.0f s, %,d events read%s",
                    state.path("state").asText(), seconds, state.path("eventsRead").asLong(),
                    state.hasNonNull("detail") ? ": " + state.path("detail").asText() : ""));
            return;
        }
        long downloadStart = System.nanoTime();
        Http.Download zip = http.download(job + "/download", "Authorization", workload.operatorAuthorization());
        double downloadSeconds = (System.nanoTime() - downloadStart) / 1e9;
        report.gdprExport(state, seconds, zip.status(), zip.bytes(), downloadSeconds);
    }

    /** Runs a JFR diagnostic command on the command side; its output (empty when there is no pid to talk to). */
    private String jcmd(String... command) throws Exception {
        if (options.commandPid() <= 0) {
            return "no command-side pid given";
        }
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(options.commandPid())));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private void stopSeeder() {
        Process running = seeder;
        if (running != null && running.isAlive()) {
            running.destroy();
            try {
                if (!running.waitFor(20, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
