package com.nlre.tenancy.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default infrastructure for one machine: a KRaft Kafka broker and a MongoDB wire-protocol server,
 * both in this JVM, both file backed under one data directory, both on 127.0.0.1 only. For development and demos;
 * never on a production path ({@code docker-compose.yml} runs the real servers).
 *
 * <p>Settings come from a system property or, failing that, an environment variable of the same name (a system
 * property may also be spelled in lower case with dots, e.g. {@code nlre.kafka.port}):
 * <ul>
 *   <li>{@code NLRE_DATA_DIR} (default {@code ./data}): Kafka logs in {@code kafka/}, MongoDB's journal in {@code mongo/mongo.journal}</li>
 *   <li>{@code NLRE_KAFKA_PORT} (9092), {@code NLRE_KAFKA_CONTROLLER_PORT} (9093), {@code NLRE_MONGO_PORT} (27017)</li>
 *   <li>{@code NLRE_KAFKA_AUTO_CREATE_TOPICS} (false): the services create the topics they use</li>
 *   <li>{@code NLRE_MONGO_OPLOG} (false): an oplog, needed only by change streams</li>
 * </ul>
 *
 * <p>When both servers accept connections, {@code <dataDir>/local-infra.ready} is written (its presence is the
 * readiness signal for scripts); it is deleted again on shutdown, which stops both servers cleanly.
 */
public final class LocalInfrastructure {

    public static final String READY_FILE_NAME = "local-infra.ready";

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final Path dataDir;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedMongo mongo;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public LocalInfrastructure(Settings settings) {
        this.dataDir = settings.dataDir().toAbsolutePath().normalize();
        this.kafka = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), settings.kafkaAutoCreateTopics());
        this.mongo = new EmbeddedMongo(dataDir.resolve("mongo").resolve("mongo.journal"), settings.mongoPort(),
                settings.mongoOplog());
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.fromSystemPropertiesAndEnvironment();
        } catch (IllegalArgumentException e) {
            log.error("Invalid setting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LocalInfrastructure infrastructure = new LocalInfrastructure(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "local-infra-shutdown"));
        try {
            infrastructure.start();
        } catch (RuntimeException e) {
            log.error("Local infrastructure failed to start", e);
            infrastructure.stop();
            System.exit(1);
            return;
        }
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Local infrastructure ready in {} ms (data dir {}); Ctrl-C or SIGTERM stops it",
                sinceJvmStart, infrastructure.dataDir);
        infrastructure.awaitStopped();
    }

    /** Starts MongoDB, then Kafka, then writes the ready file. */
    public synchronized void start() {
        deleteReadyFile();
        mongo.start();
        log.info("MongoDB ready: {}/nlre (file {})", mongo.connectionString(), mongo.file());
        kafka.start();
        log.info("Kafka ready: bootstrap servers {} (KRaft, log dir {})", kafka.bootstrapServers(), kafka.logDir());
        writeReadyFile();
    }

    /** Deletes the ready file, then stops Kafka and MongoDB; safe to call more than once. */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        deleteReadyFile();
        boolean wasRunning = kafka.isRunning() || mongo.isRunning();
        kafka.stop();
        mongo.stop();
        if (wasRunning) {
            log.info("Local infrastructure stopped");
        }
        stopped.countDown();
    }

    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path readyFile() {
        return dataDir.resolve(READY_FILE_NAME);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    private void writeReadyFile() {
        String content = "kafka.bootstrap-servers=" + kafka.bootstrapServers() + "\n"
                + "mongodb.uri=" + mongo.connectionString() + "\n"
                + "pid=" + ProcessHandle.current().pid() + "\n";
        Path ready = readyFile();
        Path temp = ready.resolveSibling(READY_FILE_NAME + ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + ready, e);
        }
    }

    private void deleteReadyFile() {
        try {
            Files.deleteIfExists(readyFile());
        } catch (IOException e) {
            log.warn("Cannot delete {}", readyFile(), e);
        }
    }

    /** Where the data lives and which 127.0.0.1 ports the servers take. */
    public record Settings(Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                           boolean kafkaAutoCreateTopics, boolean mongoOplog) {

        public static Settings fromSystemPropertiesAndEnvironment() {
            return new Settings(
                    Paths.get(setting("NLRE_DATA_DIR", "./data")),
                    port("NLRE_KAFKA_PORT", 9092),
                    port("NLRE_KAFKA_CONTROLLER_PORT", 9093),
                    port("NLRE_MONGO_PORT", 27017),
                    flag("NLRE_KAFKA_AUTO_CREATE_TOPICS"),
                    flag("NLRE_MONGO_OPLOG"));
        }

        private static String setting(String name, String defaultValue) {
            String value = System.getProperty(name);
            if (value == null) {
                value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
            if (value == null) {
                value = System.getenv(name);
            }
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }

        private static int port(String name, int defaultValue) {
            String value = setting(name, String.valueOf(defaultValue));
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException(name + " must be a port between 1 and 65535, got " + value);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
            }
        }

        private static boolean flag(String name) {
            return Boolean.parseBoolean(setting(name, "false"));
        }
    }
}
