package com.nlre.tenancy.testsupport;

import com.nlre.tenancy.localinfra.mongo.IndexedMemoryBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Infrastructure for integration tests, resolved once per JVM in this order: explicit addresses from the environment
 * ({@code NLRE_TEST_KAFKA_BOOTSTRAP}, {@code NLRE_TEST_MONGO_URI}, {@code NLRE_TEST_JDBC_URL} with
 * {@code NLRE_TEST_JDBC_USER}/{@code NLRE_TEST_JDBC_PASSWORD}), else Testcontainers where a Docker engine exists,
 * else embedded servers (in-JVM KRaft Kafka broker, mongo-java-server, H2 in PostgreSQL mode).
 *
 * <p>Every {@link #relationalDatabase()} call gets its own empty schema (PostgreSQL) or database (H2), so tests never
 * see each other's events even on a shared server.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static String kafkaBootstrap;
    private static String mongoUri;
    private static JdbcTarget postgres;
    private static Boolean docker;

    private TestInfrastructure() {
    }

    /** How to reach a relational database; {@code schema} is null for H2. */
    public record JdbcTarget(String url, String username, String password, String schema) {

        /** Spring properties pointing a Boot application's DataSource and Flyway at this target. */
        public Map<String, String> springProperties() {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", url);
            properties.put("spring.datasource.username", username);
            properties.put("spring.datasource.password", password);
            if (schema != null) {
                properties.put("spring.flyway.schemas", schema);
                properties.put("spring.flyway.default-schema", schema);
            }
            return properties;
        }
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            String fromEnv = System.getenv("NLRE_TEST_KAFKA_BOOTSTRAP");
            if (fromEnv != null && !fromEnv.isBlank()) {
                kafkaBootstrap = fromEnv;
            } else if (dockerAvailable()) {
                KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"));
                kafka.start();
                kafkaBootstrap = kafka.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
                broker.afterPropertiesSet();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-shutdown"));
                kafkaBootstrap = broker.getBrokersAsString();
            }
            log.info("Test Kafka at {}", kafkaBootstrap);
        }
        return kafkaBootstrap;
    }

    /** A MongoDB connection string without a database name; add one per test class. */
    public static synchronized String mongoUri() {
        if (mongoUri == null) {
            String fromEnv = System.getenv("NLRE_TEST_MONGO_URI");
            if (fromEnv != null && !fromEnv.isBlank()) {
                mongoUri = fromEnv;
            } else if (dockerAvailable()) {
                MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse("mongo:7.0.14"));
                mongo.start();
                mongoUri = mongo.getConnectionString();
            } else {
                MongoServer server = new MongoServer(new IndexedMemoryBackend());
                InetSocketAddress address = server.bind();
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "embedded-mongo-shutdown"));
                mongoUri = "mongodb://127.0.0.1:" + address.getPort();
            }
            log.info("Test MongoDB at {}", mongoUri);
        }
        return mongoUri;
    }

    /** A fresh database name, so test classes sharing one server never see each other's documents. */
    public static String uniqueMongoDatabase(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static synchronized JdbcTarget relationalDatabase() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String fromEnv = System.getenv("NLRE_TEST_JDBC_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            JdbcTarget target = new JdbcTarget(withSchema(fromEnv, schema), envOr("NLRE_TEST_JDBC_USER", "postgres"),
                    envOr("NLRE_TEST_JDBC_PASSWORD", ""), schema);
            dropSchemaOnExit(fromEnv, target);
            return target;
        }
        if (dockerAvailable()) {
            if (postgres == null) {
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16.4"));
                container.start();
                postgres = new JdbcTarget(container.getJdbcUrl(), container.getUsername(), container.getPassword(), null);
            }
            return new JdbcTarget(withSchema(postgres.url(), schema), postgres.username(), postgres.password(), schema);
        }
        return new JdbcTarget("jdbc:h2:mem:" + schema
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "", null);
    }

    /** True when tests run against PostgreSQL rather than the embedded H2. */
    public static boolean isPostgres(JdbcTarget target) {
        return target.url().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    public static synchronized boolean dockerAvailable() {
        if (docker == null) {
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                docker = false;
            }
        }
        return docker;
    }

    /** A shared server keeps no test's schema once the test JVM is done with it. */
    private static void dropSchemaOnExit(String serverUrl, JdbcTarget target) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(serverUrl, target.username(), target.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + target.schema() + " CASCADE");
            } catch (SQLException e) {
                log.warn("Could not drop test schema {}: {}", target.schema(), e.getMessage());
            }
        }, "drop-test-schema"));
    }

    private static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
