package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side end to end, one Spring context shared by every subclass: envelopes published to Kafka as the command
 * side publishes them, read back over HTTP once the projections caught up. Kafka and MongoDB come from the
 * environment, Testcontainers or embedded servers, in that order of preference; access tokens are verified with
 * {@link TestJwts}' key; API keys are introspected by a {@link StubCommandSide}.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + QuerySideApplication.CONFIG_NAME,
        "nlre.operator.username=" + QuerySideIntegrationTest.OPERATOR,
        "nlre.operator.password=" + QuerySideIntegrationTest.PASSWORD,
        "nlre.consistency.max-wait=500ms",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
@Import(TestJwts.DecoderConfiguration.class)
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

    protected static void publish(EventEnvelope envelope) {
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

    protected static void assertProblem(ResponseEntity<JsonNode> response, String slug) {
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("type").asText()).isEqualTo("urn:nlre:problem:" + slug);
        assertThat(response.getBody().path("detail").asText()).isNotBlank();
        assertThat(response.getBody().toString()).doesNotContain("Exception", "at com.");
    }
}
