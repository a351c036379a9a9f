package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side end to end, one Spring context shared by every subclass: envelopes published to Kafka as the command
 * side publishes them, read back over HTTP once the projections caught up. Kafka and MongoDB come from the
 * environment, Testcontainers or embedded servers, in that order of preference; access tokens are verified with
 * {@link TestJwts}' key; API keys are introspected by a {@link StubCommandSide}. {@link PoisonedEvents} is among the
 * projections, harmless until a test poisons an event.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + QuerySideApplication.CONFIG_NAME,
        "nlre.operator.username=" + QuerySideIntegrationTest.OPERATOR,
        "nlre.operator.password=" + QuerySideIntegrationTest.PASSWORD,
        "nlre.consistency.max-wait=500ms",
        // a failing projection is parked after its three attempts without a second's pause between them
        "nlre.projection.retry-interval=100ms",
        // rebuilds read small pages and trust events after a short commit window
        "nlre.rebuild.page-size=40", "nlre.rebuild.commit-window=300ms", "nlre.rebuild.poll-interval=50ms",
        // rate limits stay on, generous enough that polling tests never meet them (RateLimitIntegrationTest
        // overrides them with small ones)
        "nlre.rate-limits.free.capacity=100000", "nlre.rate-limits.starter.capacity=100000",
        "nlre.rate-limits.professional.capacity=100000", "nlre.rate-limits.enterprise.capacity=100000",
        // refused API keys from 127.0.0.1 never meet the guessing limit
        "nlre.api-keys.failed-attempts-per-source=100000",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
@Import({TestJwts.DecoderConfiguration.class, PoisonedEvents.class})
public abstract class QuerySideIntegrationTest {

    protected static final String OPERATOR = "operator";
    protected static final String PASSWORD = "correct-horse-battery-staple";
    protected static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static final String DATABASE = TestInfrastructure.uniqueMongoDatabase("query_side_it");
    private static final KafkaProducer<String, String> PRODUCER = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 0),
            new StringSerializer(), new StringSerializer());
    protected static final StubCommandSide COMMAND_SIDE = new StubCommandSide(OPERATOR, PASSWORD);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PRODUCER.close(Duration.ofSeconds(5));
            COMMAND_SIDE.close();
        }, "query-side-it-shutdown"));
    }

    @Autowired
    protected TestRestTemplate rest;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("spring.data.mongodb.uri", TestInfrastructure::mongoUri);
        registry.add("spring.data.mongodb.database", () -> DATABASE);
        registry.add("spring.kafka.consumer.group-id", () -> DATABASE);
        registry.add("nlre.command-side.url", () -> COMMAND_SIDE.url().toString());
    }

    /** Stores the envelope in the stub command side's event store, then publishes it as the outbox would. */
    protected static void publish(EventEnvelope envelope) {
        COMMAND_SIDE.record(envelope);
        try {
            PRODUCER.send(new ProducerRecord<>(Topics.EVENTS, envelope.tenantId(), TestEvents.json(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + envelope.type(), e);
        }
    }

    /** The raw producer, for records that are not envelopes. */
    protected static KafkaProducer<String, String> producer() {
        return PRODUCER;
    }

    protected ResponseEntity<JsonNode> asOperator(String path, HttpHeaders headers) {
        return rest.withBasicAuth(OPERATOR, PASSWORD)
                .exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    protected ResponseEntity<JsonNode> get(String path, HttpHeaders headers) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    protected static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    /**
     * A tenant caller asks for another tenant's id and for an id that exists nowhere on a route with one path
     * variable: both get the same 404, and only the foreign one leaves a cross-tenant audit record.
     *
     * @param route the route as mapped, e.g. {@code /api/v1/leads/{leadId}/calls}
     */
    protected void assertForeignLooksUnknown(TenantId callerTenant, String callerActor, String token, String route,
                                             String foreignId, String unknownId) {
        String variable = route.substring(route.indexOf('{'), route.indexOf('}') + 1);
        ResponseEntity<JsonNode> unknown = get(route.replace(variable, unknownId), bearer(token));
        String correlationId = "isolation-" + UUID.randomUUID();
        HttpHeaders headers = bearer(token);
        headers.set(RequestContextFilter.CORRELATION_HEADER, correlationId);
        ResponseEntity<JsonNode> foreign = get(route.replace(variable, foreignId), headers);

        assertThat(foreign.getStatusCode()).as(route).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getStatusCode()).as(route).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(foreign, "not-found");
        assertThat(foreign.getBody().toString().replace(foreignId, "{id}"))
                .isEqualTo(unknown.getBody().toString().replace(unknownId, "{id}"));
        assertThat(foreign.getHeaders().keySet()).isEqualTo(unknown.getHeaders().keySet());
        assertThat(foreign.getHeaders().getContentType()).isEqualTo(unknown.getHeaders().getContentType());

        JsonNode attempt = awaitAuditEntry(callerTenant, "cross_tenant_attempt", correlationId);
        assertThat(attempt.path("actor").asText()).isEqualTo(callerActor);
        assertThat(attempt.path("actorType").asText()).isEqualTo("user");
        assertThat(attempt.path("actorTenantId").asText()).isEqualTo(callerTenant.value());
        assertThat(attempt.path("resourceId").asText()).isEqualTo(foreignId);
        assertThat(attempt.path("method").asText()).isEqualTo("GET");
        assertThat(attempt.path("route").asText()).isEqualTo(route);
        assertThat(attempt.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(auditEntries(callerTenant, "cross_tenant_attempt"))
                .noneSatisfy(entry -> assertThat(entry.path("resourceId").asText()).isEqualTo(unknownId));
    }

    protected JsonNode awaitAuditEntry(TenantId tenantId, String kind, String correlationId) {
        return await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(50)).until(() ->
                        auditEntries(tenantId, kind).stream()
                                .filter(entry -> correlationId.equals(entry.path("correlationId").asText()))
                                .findFirst().orElse(null),
                entry -> entry != null);
    }

    protected List<JsonNode> auditEntries(TenantId tenantId, String kind) {
        ResponseEntity<JsonNode> response = asOperator("/api/v1/operator/security-audit?size=100&tenantId="
                + tenantId + "&kind=" + kind, new HttpHeaders());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> entries = new ArrayList<>();
        response.getBody().path("items").forEach(entries::add);
        return entries;
    }

    protected static void assertProblem(ResponseEntity<JsonNode> response, String slug) {
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("type").asText()).isEqualTo("urn:nlre:problem:" + slug);
        assertThat(response.getBody().path("detail").asText()).isNotBlank();
        assertThat(response.getBody().toString()).doesNotContain("Exception", "at com.");
    }
}
