package com.nlre.tenancy.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One JVM the run started from an exec jar ({@code java -jar}, no shell between, so the process is the JVM itself):
 * started and restarted with the same command, environment and working directory, killed with SIGKILL, stopped with
 * SIGTERM (SIGKILL after 30 s). Its output goes to one log file that every start appends to.
 */
final class ServiceProcess {

    private static final long STOP_GRACE_SECONDS = 30;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path log;
    private volatile Process process;
    private int starts;

    ServiceProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.log = log;
    }

    String name() {
        return name;
    }

    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        starts++;
        appendToLog("===== start " + starts + " of " + name + " at " + Instant.now() + " =====");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).redirectInput(Redirect.from(new java.io.File(
                        "/dev/null")));
        Map<String, String> env = builder.environment();
        // only what is given here configures the service, nothing this JVM happened to inherit
        env.keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("NLRE_")
                || key.startsWith("JAVA_TOOL"));
        env.putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** SIGKILL, as a crash: no shutdown hook, no flush, nothing closed. Waits until the process is gone. */
    synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        awaitExit(current, 30);
    }

    /** SIGTERM, then SIGKILL if it has not ended within 30 s; safe to call when it is not running. */
    synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!awaitExit(current, STOP_GRACE_SECONDS)) {
            current.destroyForcibly();
            awaitExit(current, 30);
        }
    }

    private static boolean awaitExit(Process process, long seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** The log's last lines, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }
}
