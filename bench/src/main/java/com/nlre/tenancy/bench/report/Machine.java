package com.nlre.tenancy.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a report was measured on, as the reports state it. */
public final class Machine {

    /** Cores, memory, JVM and operating system. */
    public static String describe() {
        return String.format(Locale.ROOT, "%d cores, %s memory, %s %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0)).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private Machine() {
    }
}
