package com.nlre.tenancy.command.eventstore;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.command.idempotency.IdempotencyFilter;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.testsupport.CuttableTcpProxy;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The command side's database goes away and comes back, for real: the service reaches it through a loopback TCP proxy
 * that the test cuts and restores (PostgreSQL when NLRE_TEST_JDBC_URL names one, else an in-JVM H2 TCP server).
 * While it is down, commands and logins answer 503 problem+json with Retry-After and nothing from inside, readiness is
 * DOWN, and nothing is half-written; once it is back, everything works again without a restart, and every event of an
 * accepted command is stored with its index row and quota, and published to Kafka by the outbox.
 */
class EventStoreOutageApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.*)$");
    /** Generous, yet well below the 30 s a pool would wait by default: a request that hangs fails the test. */
    private static final Duration GUARD = Duration.ofSeconds(20);

    private static final CuttableTcpProxy PROXY;
    private static final String PROXIED_URL;

    static {
        try {
            if (TestInfrastructure.isPostgres(DATABASE)) {
                Matcher url = HOST_PORT.matcher(DATABASE.url());
                if (!url.matches()) {
                    throw new IllegalStateException("unexpected PostgreSQL URL " + DATABASE.url());
                }
                int port = url.group(2) == null ? 5432 : Integer.parseInt(url.group(2));
                PROXY = new CuttableTcpProxy(url.group(1), port);
                PROXIED_URL = "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + url.group(3);
            } else {
                Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon").start();
                PROXY = new CuttableTcpProxy("127.0.0.1", h2.getPort());
                PROXIED_URL = "jdbc:h2:tcp://127.0.0.1:" + PROXY.port() + "/mem:outage_"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;"
                        + "LOCK_TIMEOUT=10000";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        // the pool's own URL property: it wins over spring.datasource.url, which the base class registers
        registry.add("spring.datasource.hikari.jdbc-url", () -> PROXIED_URL);
        registry.add("nlre.database.probe-interval", () -> "200ms");
    }

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DataSource dataSource;

    @AfterEach
    void databaseBack() {
        PROXY.restore();
        awaitReady();
    }

    @Test
    void theServiceReachesItsDatabaseThroughTheProxy() {
        assertThat(dataSource).isInstanceOf(FailFastDataSource.class);
        assertThat(((HikariDataSource) ((FailFastDataSource) dataSource).getTargetDataSource()).getJdbcUrl())
                .isEqualTo(PROXIED_URL);
    }

    @Test
    void commandsAndLoginAnswer503WhileTheDatabaseIsDownAndSucceedAgainWithoutARestart() throws Exception {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        assertThat(addLead(token, "before", null).status()).isEqualTo(201);
        Response issued = asUser(token, "POST", "/api/v1/api-keys",
                "{\"name\":\"CRM sync\",\"scopes\":[\"leads.write\"]}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String apiKey = issued.json().get("apiKey").asText();
        String key = UUID.randomUUID().toString();

        PROXY.cut();

        Response idempotent = addLead(token, "keyed", key);
        assertUnavailable(idempotent);
        assertUnavailable(addLead(token, "plain", null));
        assertUnavailable(guarded("POST", "/api/v1/leads", "{\"contact\":{\"name\":\"Mary Seller\","
                + "\"phones\":[\"+15557654321\"]}}", Map.of("X-API-Key", apiKey, "Content-Type",
                "application/json")));
        assertUnavailable(guarded("POST", "/api/v1/auth/token", """
                {"tenantId":"%s","email":"%s","password":"%s"}""".formatted(owner.tenantId(), owner.email(),
                PASSWORD), Map.of("Content-Type", "application/json")));
        assertUnavailable(guarded("POST", "/api/v1/tenants", createTenantBody("starter", null),
                Map.of("Content-Type", "application/json", "Authorization", operatorAuthorization())));
        Response readiness = guarded("GET", "/actuator/health/readiness", null, Map.of());
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(((FailFastDataSource) dataSource).isAvailable()).isFalse();
        assertThatThrownBy(dataSource::getConnection).as("refused at once, without waiting for the pool")
                .isInstanceOf(SQLTransientConnectionException.class).hasMessage("The database is unavailable");

        PROXY.restore();
        awaitReady();

        Response retried = addLead(token, "keyed", key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER))
                .as("the failed request left its key free: the retry executes").isEmpty();
        Response replayed = addLead(token, "keyed", key);
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(201);
        assertThat(replayed.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
        assertThat(tryLogin(owner.tenantId(), owner.email(), PASSWORD, null).status()).isEqualTo(200);
        assertThat(leadsStored(owner.tenantId())).containsExactlyInAnyOrder("before", "keyed");
        assertThat(leadQuotaUsed(owner.tenantId())).isEqualTo(2);
    }

    @Test
    void aWorkloadAcrossAnOutageStoresEveryAcceptedCommandWholeAndPublishesItOnce() throws Exception {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        Map<String, String> keys = new ConcurrentHashMap<>();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger acceptedAfterRestore = new AtomicInteger();
        AtomicBoolean restored = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        List<String> unexpected = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            for (int client = 0; client < 3; client++) {
                clients.submit(() -> {
                    while (!stop.get() && sequence.get() < 5_000) {
                        String leadId = "w" + sequence.incrementAndGet();
                        String key = UUID.randomUUID().toString();
                        keys.put(leadId, key);
                        Response response = addLead(token, leadId, key);
                        if (response.status() == 201) {
                            accepted.add(leadId);
                            if (restored.get()) {
                                acceptedAfterRestore.incrementAndGet();
                            }
                        } else if (response.status() == 503 && isUnavailableProblem(response)) {
                            refused.add(leadId);
                            pauseBriefly();
                        } else {
                            synchronized (unexpected) {
                                unexpected.add(response.status() + " " + response.body());
                            }
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 10);
            PROXY.cut();
            await().atMost(Duration.ofSeconds(60)).until(() -> refused.size() >= 10);
            PROXY.restore();
            restored.set(true);
            await().atMost(Duration.ofSeconds(120)).until(() -> acceptedAfterRestore.get() >= 10);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected).isEmpty();

        // a client retries what was refused with the same key (again while it is answered 503): it executes now, or
        // (had its commit gone through unseen) is answered what it did, and never stores the lead twice
        for (String leadId : refused) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Response retry = addLead(token, leadId, keys.get(leadId));
                assertThat(retry.status()).as(leadId + ": " + retry.body()).isIn(201, 503);
                assertThat(retry.status()).isEqualTo(201);
            });
            accepted.add(leadId);
        }

        List<String> stored = leadsStored(owner.tenantId());
        assertThat(stored).as("each accepted lead stored exactly once, nothing else").hasSameSizeAs(accepted)
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(leadQuotaUsed(owner.tenantId())).as("quota reserved once per stored lead")
                .isEqualTo(accepted.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tenant_event_index WHERE tenant_id = ?", Long.class,
                owner.tenantId())).as("an index row for every event of the tenant")
                .isEqualTo(eventIdsOf(owner.tenantId()).size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_keys WHERE scope = ? AND state <> 'COMPLETED'",
                Long.class, owner.tenantId())).as("no key left claimed").isZero();

        Set<String> storedEvents = eventIdsOf(owner.tenantId());
        Set<String> published = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (owner.tenantId().equals(record.key())) {
                        published.add(objectMapper.readTree(record.value()).get("eventId").asText());
                    }
                }
                assertThat(published).as("the outbox published every stored event after the outage")
                        .containsAll(storedEvents);
            });
        }
        assertThat(published).as("and nothing that was not stored").isSubsetOf(storedEvents);
    }

    /** A client backing off after a 503 (keeps the number of requests during the outage bounded). */
    private static void pauseBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isUnavailableProblem(Response response) {
        return response.json() != null
                && "urn:nlre:problem:service-unavailable".equals(response.json().path("type").asText())
                && response.headers().firstValue("Retry-After").isPresent();
    }

    private void assertUnavailable(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:service-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContainIgnoringCase("hikari").doesNotContainIgnoringCase("jdbc")
                .doesNotContainIgnoringCase("psql").doesNotContainIgnoringCase("sql")
                .doesNotContainIgnoringCase("h2").doesNotContainIgnoringCase("exception")
                .doesNotContain("\tat ");
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> guarded("GET", "/actuator/health/readiness", null, Map.of()).status() == 200);
    }

    /** The same lead id always makes the same body, as a client's retry does. */
    private Response addLead(String token, String leadId, String key) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"));
        if (key != null) {
            headers.put(IdempotencyFilter.HEADER, key);
        }
        return guarded("POST", "/api/v1/leads", "{\"leadId\":\"" + leadId + "\",\"contact\":{\"name\":\"Mary Seller\","
                + "\"phones\":[\"+1555" + (1_000_000 + Math.floorMod(leadId.hashCode(), 9_000_000)) + "\"]}}",
                headers);
    }

    /** A request that fails the test rather than wait beyond {@link #GUARD}. */
    private Response guarded(String method, String path, String body, Map<String, String> headers) {
        return request(method, path, body, headers, GUARD);
    }

    private List<String> leadsStored(String tenantId) {
        return jdbc.queryForList("SELECT aggregateidentifier FROM domainevententry WHERE aggregateidentifier LIKE ? "
                        + "AND payloadtype LIKE ?", String.class, tenantId + ".%", "%LeadAdded").stream()
                .map(aggregateId -> aggregateId.substring(tenantId.length() + 1)).toList();
    }

    private long leadQuotaUsed(String tenantId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(used), 0) FROM quota_counters WHERE tenant_id = ? "
                + "AND meter = 'leads'", Long.class, tenantId);
    }

    private Set<String> eventIdsOf(String tenantId) {
        return new HashSet<>(jdbc.queryForList("SELECT eventidentifier FROM domainevententry WHERE "
                        + "aggregateidentifier = ? OR aggregateidentifier LIKE ?", String.class, tenantId,
                tenantId + ".%"));
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String operatorAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }
}
