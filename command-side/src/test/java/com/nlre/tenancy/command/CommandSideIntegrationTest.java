package com.nlre.tenancy.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the command side on real infrastructure from {@link TestInfrastructure} (PostgreSQL from the environment, else
 * Testcontainers, else H2; Kafka likewise) and talks to it over HTTP. All subclasses share one application context,
 * whose clock is {@link #CLOCK} (the system's time unless a test moves it; reset after every test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + CommandSideApplication.CONFIG_NAME,
        // rate limits stay on, generous enough that bursts of test requests never meet them (RateLimitApiTest
        // overrides them with small ones)
        "nlre.rate-limits.free.capacity=100000", "nlre.rate-limits.starter.capacity=100000",
        "nlre.rate-limits.professional.capacity=100000", "nlre.rate-limits.enterprise.capacity=100000",
        // refused API keys from 127.0.0.1 never meet the guessing limit (web-support ApiKeyGuessingIsRateLimitedTest)
        "nlre.api-keys.failed-attempts-per-source=100000"})
@Import(TestClockConfiguration.class)
public abstract class CommandSideIntegrationTest {

    public static final TestClock CLOCK = new TestClock();
    /** A fixed credential encryption key (base64 of 32 bytes), so tests never depend on a generated key file. */
    protected static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final Path KEY_DIRECTORY = temporaryDirectory();

    protected static final String OPERATOR = "operator";
    protected static final String OPERATOR_PASSWORD = "test-operator-password";
    protected static final TestInfrastructure.JdbcTarget DATABASE = TestInfrastructure.relationalDatabase();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper objectMapper;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("nlre.operator.password", () -> OPERATOR_PASSWORD);
        registry.add("nlre.kafka.partitions", () -> "3");
        registry.add("nlre.credentials.encryption-key", () -> ENCRYPTION_KEY);
        registry.add("nlre.credentials.bcrypt-strength", () -> "4");
        registry.add("nlre.personal-data.master-key-file",
                () -> KEY_DIRECTORY.resolve("personal-data-master.key").toString());
        registry.add("nlre.jwt.generated-key-file", () -> KEY_DIRECTORY.resolve("jwt-signing.pem").toString());
    }

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    protected record Response(int status, String contentType, String consistencyToken, String body, JsonNode json,
                              HttpHeaders headers) {
    }

    protected Response send(String method, String path, String body) {
        return send(method, path, body, OPERATOR + ":" + OPERATOR_PASSWORD, "application/json");
    }

    protected Response send(String method, String path, String body, String credentials, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", contentType);
        }
        if (credentials != null) {
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request(method, path, body, headers);
    }

    /** A tenant user's request with an access token. */
    protected Response asUser(String accessToken, String method, String path, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + accessToken);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return request(method, path, body, headers);
    }

    /** A request authenticated by a tenant API key. */
    protected Response withApiKey(String apiKey, String method, String path, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-API-Key", apiKey);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return request(method, path, body, headers);
    }

    protected Response request(String method, String path, String body, Map<String, String> headers) {
        return request(method, path, body, headers, null);
    }

    /** A request that fails (HttpTimeoutException) rather than wait beyond {@code timeout} (null: no limit). */
    protected Response request(String method, String path, String body, Map<String, String> headers,
                               java.time.Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        if (timeout != null) {
            request.timeout(timeout);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : objectMapper.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("X-Consistency-Token").orElse(null), response.body(), json,
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String createTenantBody(String plan, String extraFields) {
        return """
                {"businessName":"Acme Real Estate Wholesalers","businessType":"wholesale",
                 "owner":{"name":"John Doe","email":"john@acmere.com","phone":"+15551234567"},
                 "plan":"%s"%s}""".formatted(plan, extraFields == null ? "" : "," + extraFields);
    }

    protected String createTenant() {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional", null));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant not created: " + created.body());
        }
        return created.json().get("tenantId").asText();
    }

    /** A tenant and the credentials of its owner (email {@value #OWNER_EMAIL}). */
    protected record TenantOwner(String tenantId, String ownerUserId, String email, String password) {
    }

    protected static final String OWNER_EMAIL = "john@acmere.com";

    protected TenantOwner createTenantWithOwner(String ownerPassword) {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional",
                "\"ownerPassword\":\"" + ownerPassword + "\""));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant not created: " + created.body());
        }
        return new TenantOwner(created.json().get("tenantId").asText(), created.json().get("ownerUserId").asText(),
                OWNER_EMAIL, ownerPassword);
    }

    protected Response tryLogin(String tenantId, String email, String password, String totpCode) {
        ObjectMapper json = objectMapper;
        Map<String, String> body = new LinkedHashMap<>();
        body.put("tenantId", tenantId);
        body.put("email", email);
        body.put("password", password);
        if (totpCode != null) {
            body.put("totpCode", totpCode);
        }
        try {
            return request("POST", "/api/v1/auth/token", json.writeValueAsString(body),
                    Map.of("Content-Type", "application/json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in and answers the access token. */
    protected String login(String tenantId, String email, String password) {
        Response response = tryLogin(tenantId, email, password, null);
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response.status() + " " + response.body());
        }
        return response.json().get("accessToken").asText();
    }

    protected String login(TenantOwner owner) {
        return login(owner.tenantId(), owner.email(), owner.password());
    }

    /** Adds a user as {@code accessToken}'s user and answers the new user's id. */
    protected String addUser(String accessToken, String email, String role, String permissionsJson, String password) {
        Response added = asUser(accessToken, "POST", "/api/v1/users", """
                {"name":"Jane Roe","email":"%s","role":"%s",%s"password":"%s"}""".formatted(email, role,
                permissionsJson == null ? "" : "\"permissions\":" + permissionsJson + ",", password));
        if (added.status() != 201) {
            throw new IllegalStateException("user not added: " + added.body());
        }
        return added.json().get("userId").asText();
    }

    /**
     * The events of {@code tenantId} on the events topic, in partition order, read from the beginning until
     * {@code count} are found or 30 s passed.
     */
    protected List<EventEnvelope> publishedEventsOf(String tenantId, int count) throws IOException {
        return publishedEventsOf(tenantId, count, Duration.ofSeconds(30));
    }

    /** As {@link #publishedEventsOf(String, int)}, waiting at most {@code timeout}. */
    protected List<EventEnvelope> publishedEventsOf(String tenantId, int count, Duration timeout) throws IOException {
        List<EventEnvelope> found = new ArrayList<>();
        for (String value : publishedRecordsOf(Set.of(tenantId), count, timeout)) {
            found.add(objectMapper.readValue(value, EventEnvelope.class));
        }
        return found;
    }

    /**
     * The values, as sent, of the events topic's records keyed by one of {@code tenantIds}, read from the beginning
     * until {@code count} are found or {@code timeout} passed.
     */
    protected List<String> publishedRecordsOf(Set<String> tenantIds, long count, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (tenantIds.contains(record.key())) {
                        found.add(record.value());
                    }
                }
            }
        }
        return found;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("nlre-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
