package com.nlre.tenancy.system;

import com.nlre.tenancy.command.CommandSideApplication;
import com.nlre.tenancy.query.QuerySideApplication;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Both services, started in this JVM as two independent Spring applications on random ports, wired to the same
 * event store, Kafka and MongoDB from {@link TestInfrastructure}. Because both jars share one test classpath, each
 * service is told to leave out the auto-configurations that belong to the other (Axon/JDBC for the query side,
 * MongoDB for the command side), as the separate production jars do by construction.
 */
final class Platform implements AutoCloseable {

    static final String OPERATOR_PASSWORD = "system-test-operator-password";
    /** Base64 of a fixed 32-byte AES key: the master key of sealed personal data in the shared event store. */
    private static final String PERSONAL_DATA_MASTER_KEY = "c3lzdGVtLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcyE=";

    private static final String AUTO_CONFIGURATION_IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private final Map<String, Object> commandProperties = new LinkedHashMap<>();
    private final Map<String, Object> queryProperties = new LinkedHashMap<>();
    private final Path keys;
    private ConfigurableApplicationContext commandSide;
    private ConfigurableApplicationContext querySide;

    Platform() {
        TestInfrastructure.JdbcTarget database = TestInfrastructure.relationalDatabase();
        String kafka = TestInfrastructure.kafkaBootstrapServers();
        String mongo = TestInfrastructure.mongoUri() + "/" + TestInfrastructure.uniqueMongoDatabase("system");

        commandProperties.put("spring.config.name", CommandSideApplication.CONFIG_NAME);
        commandProperties.putAll(database.springProperties());
        keys = temporaryDirectory();
        commandProperties.put("nlre.jwt.generated-key-file", keys.resolve("jwt-signing.pem").toString());
        commandProperties.put("nlre.credentials.key-file", keys.resolve("credentials.key").toString());
        // every platform of this JVM shares one event store, so they share its master key, as instances must
        commandProperties.put("nlre.personal-data.master-key", PERSONAL_DATA_MASTER_KEY);
        commandProperties.put("spring.kafka.bootstrap-servers", kafka);
        commandProperties.put("spring.autoconfigure.exclude", autoConfigurations(name -> name.contains(".mongo.")));
        queryProperties.put("spring.config.name", QuerySideApplication.CONFIG_NAME);
        queryProperties.put("spring.data.mongodb.uri", mongo);
        queryProperties.put("spring.kafka.bootstrap-servers", kafka);
        queryProperties.put("spring.kafka.consumer.group-id", "system-test-" + UUID.randomUUID());
        queryProperties.put("spring.autoconfigure.exclude", autoConfigurations(name -> name.startsWith("org.axonframework")
                || name.contains(".jdbc.") || name.contains(".flyway.") || name.contains(".sql.")));
        for (Map<String, Object> properties : List.of(commandProperties, queryProperties)) {
            properties.put("server.port", "0");
            properties.put("nlre.operator.password", OPERATOR_PASSWORD);
            properties.put("nlre.kafka.partitions", "3");
            properties.put("spring.jmx.enabled", "false");
            // rate limits stay on, generous enough that the suites' bursts of requests never meet them
            for (String plan : List.of("free", "starter", "professional", "enterprise")) {
                properties.put("nlre.rate-limits." + plan + ".capacity", "100000");
            }
        }
    }

    Platform start() {
        startCommandSide();
        startQuerySide();
        return this;
    }

    void startCommandSide() {
        commandSide = new SpringApplicationBuilder(CommandSideApplication.class).run(asArguments(commandProperties));
    }

    /** The query side verifies tokens with the command side's published keys and asks it about API keys. */
    void startQuerySide() {
        queryProperties.put("nlre.jwt.jwk-set-uri", commandUrl() + "/.well-known/jwks.json");
        queryProperties.put("nlre.command-side.url", commandUrl());
        querySide = new SpringApplicationBuilder(QuerySideApplication.class).run(asArguments(queryProperties));
        awaitProjectionConsumersAssigned();
    }

    /**
     * Every consumer of the projection listener holds partitions: the group has settled, so no rebalance (which stops
     * every member for seconds while a late one joins) falls into a test's consistency wait.
     */
    private void awaitProjectionConsumersAssigned() {
        MessageListenerContainer projections = querySide.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("projections");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                projections instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                        ? concurrent.getContainers().stream().noneMatch(child -> child.getAssignedPartitions().isEmpty())
                        : !projections.getAssignedPartitions().isEmpty());
    }

    void stopQuerySide() {
        querySide.close();
        querySide = null;
    }

    /** The PEM private key the command side generated to sign access tokens (tests forge expired tokens with it). */
    Path signingKeyFile() {
        return keys.resolve("jwt-signing.pem");
    }

    ConfigurableApplicationContext commandContext() {
        return commandSide;
    }

    ConfigurableApplicationContext queryContext() {
        return querySide;
    }

    String commandUrl() {
        return "http://127.0.0.1:" + commandSide.getEnvironment().getProperty("local.server.port");
    }

    String queryUrl() {
        return "http://127.0.0.1:" + querySide.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        if (querySide != null) {
            querySide.close();
        }
        if (commandSide != null) {
            commandSide.close();
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("nlre-system-test-keys");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As command-line arguments, so they take precedence over each service's application.yml. */
    private static String[] asArguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    private static String autoConfigurations(Predicate<String> belongsToTheOtherService) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> resources = Platform.class.getClassLoader().getResources(AUTO_CONFIGURATION_IMPORTS);
            while (resources.hasMoreElements()) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(resources.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    reader.lines().map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .filter(belongsToTheOtherService)
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(",", names);
    }
}
