package com.nlre.tenancy.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a phase's CPU time went: each process's CPU time (user + system, from the operating system) and the whole
 * machine's busy time ({@code /proc/stat}) between {@link #start} and {@link Running#stop}. Tells a phase bound by the
 * cores (the machine busy throughout) from one bound by waiting, and which process the cores served.
 */
public final class CpuAccount {

    /** A phase's CPU use. {@code machineBusy} is the share of all cores' time not idle, -1 when unknown. */
    public record Use(String phase, double wallSeconds, Map<String, Double> cpuSeconds, double machineBusy,
                      int cores) {

        /** The cores a process kept busy on average over the phase. */
        public double coresUsed(String process) {
            return cpuSeconds.getOrDefault(process, 0.0) / wallSeconds;
        }

        public double totalCpuSeconds() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** A phase being measured. */
    public static final class Running {
        private final String phase;
        private final Map<String, Long> pids;
        private final Map<String, Duration> before;
        private final long[] machineBefore;
        private final long startNanos = System.nanoTime();

        private Running(String phase, Map<String, Long> pids) {
            this.phase = phase;
            this.pids = pids;
            this.before = cpuTimes(pids);
            this.machineBefore = machineJiffies();
        }

        public Use stop() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Duration> after = cpuTimes(pids);
            long[] machineAfter = machineJiffies();
            Map<String, Double> seconds = new LinkedHashMap<>();
            after.forEach((process, cpu) -> {
                Duration start = before.get(process);
                if (start != null) {
                    seconds.put(process, cpu.minus(start).toNanos() / 1e9);
                }
            });
            double busy = -1;
            if (machineBefore != null && machineAfter != null && machineAfter[0] > machineBefore[0]) {
                long total = machineAfter[0] - machineBefore[0];
                long idle = machineAfter[1] - machineBefore[1];
                busy = (total - idle) / (double) total;
            }
            return new Use(phase, wall, seconds, busy, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Starts measuring {@code phase} for the named processes (pids not above 0 are left out). */
    public static Running start(String phase, Map<String, Long> pids) {
        Map<String, Long> known = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (pid != null && pid > 0) {
                known.put(name, pid);
            }
        });
        return new Running(phase, known);
    }

    private static Map<String, Duration> cpuTimes(Map<String, Long> pids) {
        Map<String, Duration> times = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .ifPresent(cpu -> times.put(name, cpu)));
        return times;
    }

    /** {total, idle + iowait} jiffies of all cores, or null off Linux. */
    static long[] machineJiffies() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseCpuLine(cpu);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The aggregate {@code cpu} line of {@code /proc/stat}: user nice system idle iowait irq softirq steal … */
    static long[] parseCpuLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (!fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line: " + line);
        }
        long total = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        return new long[]{total, idle};
    }

    private CpuAccount() {
    }
}
