package com.nlre.tenancy.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole platform as separate processes on loopback, started the way {@code bench.sh} starts it: local-infra (the
 * in-JVM Kafka broker and MongoDB server, file backed under the run directory), the command side (event store from
 * {@link EventStoreDatabase}) and the query side, each from its exec jar, on ports free when the run began and kept
 * across restarts. Every process it started is stopped by {@link #close()}, and by a shutdown hook should this JVM
 * end first.
 */
final class FaultPlatform implements AutoCloseable {

    /** What a fault kills. Killing local-infra takes the broker down, and the embedded MongoDB with it. */
    enum Target {
        QUERY_SIDE("query side"), COMMAND_SIDE("command side"), BROKER("Kafka broker (local-infra)");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    static final String OPERATOR_USER = "operator";
    private static final String READY_FILE = "local-infra.ready";
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true");

    private final Path runDir;
    private final Duration readyTimeout;
    private final Api api = new Api();
    private final String operatorPassword = randomText(24);
    private final EventStoreDatabase eventStore;
    private final int kafkaPort;
    private final int commandPort;
    private final int queryPort;
    private final ServiceProcess infra;
    private final ServiceProcess commandSide;
    private final ServiceProcess querySide;
    private final Thread shutdownHook = new Thread(this::stopAll, "fault-platform-stop");

    FaultPlatform(Path runDir, Duration readyTimeout) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.readyTimeout = readyTimeout;
        recreate(this.runDir);
        Path logs = this.runDir.resolve("logs");
        createDirectories(logs);
        createDirectories(this.runDir.resolve("keys"));
        int[] ports = freePorts(5);
        this.kafkaPort = ports[0];
        int controllerPort = ports[1];
        int mongoPort = ports[2];
        this.commandPort = ports[3];
        this.queryPort = ports[4];
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path infraJar = execJar("local-infra");
        Path commandJar = execJar("command-side");
        Path queryJar = execJar("query-side");

        Map<String, String> infraEnv = Map.of("NLRE_DATA_DIR", this.runDir.toString(),
                "NLRE_KAFKA_PORT", String.valueOf(kafkaPort),
                "NLRE_KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort),
                "NLRE_MONGO_PORT", String.valueOf(mongoPort));
        this.infra = new ServiceProcess("local-infra", javaCommand(java, infraJar), infraEnv,
                this.runDir, logs.resolve("local-infra.log"));

        Map<String, String> common = new LinkedHashMap<>();
        common.put("NLRE_OPERATOR_USERNAME", OPERATOR_USER);
        common.put("NLRE_OPERATOR_PASSWORD", operatorPassword);
        common.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        common.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        common.put("NLRE_ACCESS_AUDIT_PSEUDONYM_KEY", randomKey());
        common.put("SERVER_ADDRESS", "127.0.0.1");

        this.eventStore = EventStoreDatabase.forRun(this.runDir);
        Map<String, String> commandEnv = new LinkedHashMap<>(common);
        commandEnv.putAll(eventStore.environment());
        commandEnv.put("SERVER_PORT", String.valueOf(commandPort));
        commandEnv.put("NLRE_JWT_GENERATEDKEYFILE", this.runDir.resolve("keys/jwt-signing.pem").toString());
        commandEnv.put("NLRE_CREDENTIALS_KEYFILE", this.runDir.resolve("keys/credentials.key").toString());
        // one master key for every start: a restarted command side must open the personal data sealed before
        commandEnv.put("NLRE_PERSONAL_DATA_MASTER_KEY", randomKey());
        List<String> command = new ArrayList<>(javaCommand(java, commandJar));
        // A request whose process was killed keeps its idempotency key in flight for this lease before a retry may
        // take it over (5 minutes by default); shortened so the run's retries resolve within its bounds.
        command.add("--nlre.idempotency.in-flight-lease=30s");
        this.commandSide = new ServiceProcess("command-side", command, commandEnv, this.runDir,
                logs.resolve("command-side.log"));

        Map<String, String> queryEnv = new LinkedHashMap<>(common);
        queryEnv.put("SERVER_PORT", String.valueOf(queryPort));
        queryEnv.put("SPRING_DATA_MONGODB_URI", "mongodb://127.0.0.1:" + mongoPort + "/nlre");
        queryEnv.put("NLRE_JWT_JWK_SET_URI", commandUrl() + "/.well-known/jwks.json");
        queryEnv.put("NLRE_COMMAND_SIDE_URL", commandUrl());
        this.querySide = new ServiceProcess("query-side", javaCommand(java, queryJar), queryEnv,
                this.runDir, logs.resolve("query-side.log"));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts local-infra, then both services at once, and waits until all three are ready. */
    FaultPlatform start() {
        startInfra();
        commandSide.start();
        querySide.start();
        awaitReady(commandSide, commandUrl());
        awaitReady(querySide, queryUrl());
        return this;
    }

    String commandUrl() {
        return "http://127.0.0.1:" + commandPort;
    }

    String queryUrl() {
        return "http://127.0.0.1:" + queryPort;
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String operatorAuthorization() {
        return Api.basic(OPERATOR_USER, operatorPassword);
    }

    String eventStoreDescription() {
        return eventStore.description();
    }

    Path runDir() {
        return runDir;
    }

    /** SIGKILL to the target's process. */
    void kill(Target target) {
        process(target).kill();
    }

    /** Starts the target's process again and waits until it, and every service, answers ready. */
    void restart(Target target) {
        if (target == Target.BROKER) {
            startInfra();
        } else {
            process(target).start();
        }
        awaitHealthy();
    }

    /** Waits until local-infra runs and both services answer ready (they reconnect to a restarted broker). */
    void awaitHealthy() {
        if (!infra.alive()) {
            throw new IllegalStateException("local-infra is not running\n" + infra.logTail(40));
        }
        awaitReady(commandSide, commandUrl());
        awaitReady(querySide, queryUrl());
    }

    private ServiceProcess process(Target target) {
        return switch (target) {
            case QUERY_SIDE -> querySide;
            case COMMAND_SIDE -> commandSide;
            case BROKER -> infra;
        };
    }

    private void startInfra() {
        Path ready = runDir.resolve(READY_FILE);
        try {
            // a killed local-infra never deleted its ready file
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        infra.start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!Files.exists(ready)) {
            if (!infra.alive()) {
                throw new IllegalStateException("local-infra exited during startup\n" + infra.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("local-infra not ready within " + readyTimeout + "\n"
                        + infra.logTail(40));
            }
            pause(200);
        }
    }

    private void awaitReady(ServiceProcess service, String url) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (api.get(url + "/actuator/health/readiness").status() != 200) {
            if (!service.alive()) {
                throw new IllegalStateException(service.name() + " is not running\n" + service.logTail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.name() + " not ready within " + readyTimeout + "\n"
                        + service.logTail(60));
            }
            pause(500);
        }
    }

    /** Stops the services, then local-infra, then drops the run's database; safe to call more than once. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the same processes
        }
    }

    private synchronized void stopAll() {
        querySide.stop();
        commandSide.stop();
        infra.stop();
        eventStore.drop();
    }

    private static List<String> javaCommand(String java, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** {@code <module>/target/<module>-<version>-exec.jar}, packaged by the reactor before this module. */
    private static Path execJar(String module) {
        Path modules = Paths.get(System.getProperty("faults.modules-dir", ".."));
        String version = System.getProperty("faults.version", "0.1.0-SNAPSHOT");
        Path jar = modules.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found; package it first (./mvnw -pl fault-tests -am verify)");
        }
        return jar;
    }

    /** Ports free on 127.0.0.1 now, all different (held together while chosen). */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket nobody connected to
                }
            }
        }
    }

    private static void recreate(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + dir, e);
            }
        }
        createDirectories(dir);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String randomText(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
