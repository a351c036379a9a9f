package com.nlre.tenancy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one benchmark run does and where the platform it drives listens. User-facing sizes come from {@code bench.sh}'s
 * options ({@code --tenants}, {@code --duration}, {@code --quick}, {@code --replay-events}, {@code --concurrency});
 * the wiring ({@code --command-url=…} and the rest) is passed by the script. Every option is {@code --name=value}.
 *
 * @param tenants         small tenants driven by the mixed workload
 * @param duration        length of the mixed-workload phase; the single-endpoint phases run half of it each
 * @param concurrency     requests in flight at once (closed loop: one per worker)
 * @param replayEvents    events the seeder appends for the huge tenant (replay, noisy neighbour, history)
 * @param quick           the development profile: shorter phases and smaller volumes
 * @param soak            when given, the run is only the sustained load run of this length ({@code --soak}),
 *                        written into {@code reliabilityOutput}
 * @param rate            requests per second of the load run ({@code --rate})
 * @param commandPid      this and the other {@code …Pid}s: the processes whose CPU time each phase accounts for
 *                        ({@code bench.sh} passes them; 0 = not known, left out)
 */
public record BenchOptions(int tenants, Duration duration, int concurrency, long replayEvents, boolean quick,
                           String commandUrl, String queryUrl, String query2Url, String baselineUrl,
                           String kafkaBootstrap, String operatorUser, String operatorPassword, Path output,
                           Path workDir, long commandPid, long query2Pid, String seederCommand, String machineNote,
                           String eventStore, Duration soak, double rate, long queryPid,
                           Path reliabilityOutput, long infraPid, long baselinePid) {

    public static BenchOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            values.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
        BenchOptions options = new BenchOptions(
                Integer.parseInt(values.getOrDefault("tenants", quick ? "10" : "100")),
                duration(values.getOrDefault("duration", quick ? "20s" : "60s")),
                Integer.parseInt(values.getOrDefault("concurrency", "16")),
                Long.parseLong(values.getOrDefault("replay-events", quick ? "10000" : "50000")),
                quick,
                values.getOrDefault("command-url", "http://127.0.0.1:8081"),
                values.getOrDefault("query-url", "http://127.0.0.1:8082"),
                values.get("query2-url"),
                values.get("baseline-url"),
                values.getOrDefault("kafka", "127.0.0.1:9092"),
                values.getOrDefault("operator-user", "operator"),
                values.getOrDefault("operator-password", System.getenv("NLRE_OPERATOR_PASSWORD")),
                Path.of(values.getOrDefault("output", "BENCHMARKS.md")),
                Path.of(values.getOrDefault("work-dir", "bench-data")),
                Long.parseLong(values.getOrDefault("command-pid", "0")),
                Long.parseLong(values.getOrDefault("query2-pid", "0")),
                values.get("seeder-command"),
                values.getOrDefault("machine-note", ""),
                values.getOrDefault("event-store", "H2 (file)"),
                values.containsKey("soak") ? duration(values.get("soak")) : null,
                Double.parseDouble(values.getOrDefault("rate", "20")),
                Long.parseLong(values.getOrDefault("query-pid", "0")),
                Path.of(values.getOrDefault("reliability-output", "RELIABILITY.md")),
                Long.parseLong(values.getOrDefault("infra-pid", "0")),
                Long.parseLong(values.getOrDefault("baseline-pid", "0")));
        if (options.tenants < 1 || options.concurrency < 1 || options.replayEvents < 0 || options.rate <= 0) {
            throw new IllegalArgumentException("tenants, concurrency and rate must be positive, replay-events not "
                    + "negative");
        }
        return options;
    }

    /** {@code 90s}, {@code 2m} or a bare number of seconds. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        if (value.endsWith("s")) {
            value = value.substring(0, value.length() - 1);
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /** The single-endpoint phases (ours and the baseline's) each run this long. */
    public Duration phase() {
        return duration.dividedBy(2);
    }
}
