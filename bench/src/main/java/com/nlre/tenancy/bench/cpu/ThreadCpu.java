package com.nlre.tenancy.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A process's CPU time by thread, from {@code /proc/<pid>/task/<tid>/stat} (Linux): which of its threads — request
 * handling, event processors, Kafka clients, garbage collection, the JIT compiler — the cores served during a phase.
 * Threads of one kind are summed under their name with digits replaced by {@code #} (the kernel keeps 15 characters of
 * a thread's name).
 */
public final class ThreadCpu {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final Map<Long, Thread> before;

    /** One thread's name and CPU ticks (user + system) so far. */
    record Thread(String name, long ticks) {
    }

    private ThreadCpu(long pid) {
        this.pid = pid;
        this.before = threads(pid);
    }

    /** Starts accounting {@code pid}'s threads; an unknown pid or a system without {@code /proc} accounts nothing. */
    public static ThreadCpu start(long pid) {
        return new ThreadCpu(pid);
    }

    /** CPU seconds per kind of thread since {@link #start}, largest first. */
    public Map<String, Double> stop() {
        Map<String, Double> seconds = new HashMap<>();
        threads(pid).forEach((tid, now) -> {
            Thread then = before.get(tid);
            long ticks = now.ticks() - (then == null ? 0 : then.ticks());
            if (ticks > 0) {
                seconds.merge(kind(now.name()), ticks / TICKS_PER_SECOND, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    static String kind(String threadName) {
        return threadName.replaceAll("\\d+", "#");
    }

    private static Map<Long, Thread> threads(long pid) {
        Map<Long, Thread> threads = new HashMap<>();
        if (pid <= 0) {
            return threads;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    Thread thread = parseStat(Files.readString(task.resolve("stat")));
                    threads.put(Long.parseLong(task.getFileName().toString()), thread);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read: its time is no longer counted anywhere
                }
            });
        } catch (IOException | RuntimeException e) {
            return threads;
        }
        return threads;
    }

    /** {@code tid (name) state ppid … utime stime …}: the name may hold spaces and parentheses, so it ends at the last ')'. */
    static Thread parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        // after the name: state(0) ppid(1) pgrp(2) session(3) tty(4) tpgid(5) flags(6) minflt(7) cminflt(8)
        // majflt(9) cmajflt(10) utime(11) stime(12)
        return new Thread(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }
}
