package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.projection.ProjectionConfiguration;
import com.nlre.tenancy.query.projection.ProjectionFailureClass;
import com.nlre.tenancy.testsupport.CuttableTcpProxy;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.nlre.tenancy.web.ConsistencyToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB unavailable for a while, end to end, in a context of its own that reaches MongoDB through a proxy the test
 * cuts and restores: while it is cut, readiness is DOWN (503) and the consumer retries the records it cannot project
 * with back-off, parking nothing; once it is back, readiness is UP again and every event published meanwhile is in
 * the read models, none lost and none twice. An operator's retry of a dead letter meanwhile is answered 503 and
 * changes nothing. The context is closed after this class, so its consumer stops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + QuerySideApplication.CONFIG_NAME,
        "nlre.operator.username=" + QuerySideIntegrationTest.OPERATOR,
        "nlre.operator.password=" + QuerySideIntegrationTest.PASSWORD,
        "nlre.consistency.max-wait=500ms",
        // the consumer's pauses while MongoDB is away stay short, so it is back soon after MongoDB is
        "nlre.projection.max-back-off=2s",
        "nlre.rate-limits.free.capacity=100000", "nlre.rate-limits.starter.capacity=100000",
        "nlre.rate-limits.professional.capacity=100000", "nlre.rate-limits.enterprise.capacity=100000",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
@Import(TestJwts.DecoderConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MongoOutageIntegrationTest {

    /** This context consumes the whole topic from its start, whatever other test classes published before. */
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final String AGENT = "user_outageagent1";
    private static final String DATABASE = TestInfrastructure.uniqueMongoDatabase("query_side_outage");
    private static CuttableTcpProxy mongoProxy;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        String mongoUri = TestInfrastructure.mongoUri();
        String server = new ConnectionString(mongoUri).getHosts().get(0);
        int colon = server.lastIndexOf(':');
        mongoProxy = new CuttableTcpProxy(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
        String proxied = mongoUri.replace(server, "127.0.0.1:" + mongoProxy.port());
        String options = "directConnection=true&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000";
        String uri = proxied.contains("?") ? proxied + "&" + options
                : proxied.substring("mongodb://".length()).contains("/") ? proxied + "?" + options
                : proxied + "/?" + options;
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("spring.data.mongodb.uri", () -> uri);
        registry.add("spring.data.mongodb.database", () -> DATABASE);
        registry.add("spring.kafka.consumer.group-id", () -> DATABASE);
        registry.add("nlre.command-side.url", () -> QuerySideIntegrationTest.COMMAND_SIDE.url().toString());
    }

    @AfterAll
    static void closeProxy() {
        mongoProxy.close();
    }

    @Test
    void whileMongoDbIsAwayReadinessIsDownAndTheConsumerWaitsThenResumesWithNothingLostOrDoubled() throws Exception {
        TenantId tenant = TenantId.generate();
        LeadId first = LeadId.generate();
        LeadId second = LeadId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuerySideIntegrationTest.publish(TestEvents.envelope(TestEvents.created(tenant, Plan.PROFESSIONAL, at), 0));
        publishLead(first, 0, TestEvents.leadAdded(tenant, first, TestEvents.contact("Maria Garcia", "+15125550101",
                "1 Oak St.", "Austin"), at));
        publishLead(first, 1, call(tenant, first, "call-1", at.plusSeconds(60)));
        TenantId garbled = TenantId.generate();
        QuerySideIntegrationTest.producer().send(new ProducerRecord<>(Topics.EVENTS, garbled.value(),
                "not an envelope")).get(10, TimeUnit.SECONDS);
        String letterId = await().atMost(CATCH_UP)
                .until(() -> letters(garbled).path("items"), items -> items.size() == 1)
                .get(0).path("letterId").asText();
        JsonNode before = awaitLead(tenant, first, 1);
        assertThat(before.path("callCount").asLong()).isEqualTo(1);
        assertThat(readiness().getStatusCode()).isEqualTo(HttpStatus.OK);
        double waitsBefore = infrastructureFailures();

        cut();
        await().atMost(CATCH_UP).until(() -> readiness().getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(readiness().getBody()).contains("\"status\":\"DOWN\"");
        publishLead(first, 2, new LeadStatusChanged(tenant, first, LeadStatus.NEW, LeadStatus.CONTACTED,
                at.plusSeconds(200)));
        publishLead(first, 3, call(tenant, first, "call-2", at.plusSeconds(300)));
        publishLead(second, 0, TestEvents.leadAdded(tenant, second, TestEvents.contact("John Smith", "+15125550102",
                "2 Elm Rd.", "Austin"), at));
        publishLead(second, 1, call(tenant, second, "call-3", at.plusSeconds(400)));
        QuerySideIntegrationTest.publish(TestEvents.dncEnvelope(new DoNotCallNumberAdded(tenant, "+15125550199",
                "marker", at), 0));
        await().atMost(CATCH_UP).until(() -> infrastructureFailures() > waitsBefore + 1);
        assertThat(readiness().getStatusCode()).as("still away").isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        ResponseEntity<JsonNode> retry = operator().exchange("/api/v1/operator/dead-letters/" + letterId + "/retry",
                HttpMethod.POST, HttpEntity.EMPTY, JsonNode.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(retry.getBody().path("type").asText()).isEqualTo("urn:nlre:problem:service-unavailable");

        restore();
        await().atMost(CATCH_UP).until(() -> readiness().getStatusCode() == HttpStatus.OK);
        assertThat(readiness().getBody()).contains("\"status\":\"UP\"");
        JsonNode firstLead = awaitLead(tenant, first, 3);
        assertThat(firstLead.path("status").asText()).isEqualTo("contacted");
        assertThat(firstLead.path("callCount").asLong()).isEqualTo(2);
        assertThat(awaitLead(tenant, second, 1).path("callCount").asLong()).isEqualTo(1);
        HttpHeaders dnc = bearer(tenant, Permission.LEADS_READ);
        dnc.set(ConsistencyToken.HEADER, new ConsistencyToken(tenant, tenant + ".dnc", 0).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/dnc", dnc).getHeaders()
                .getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
        assertThat(usedMeters(tenant)).containsEntry("calls", 3L).containsEntry("leads", 2L);
        assertThat(letters(tenant).path("totalItems").asLong()).as("an outage parks nothing").isZero();
        assertThat(letters(garbled).path("items").get(0).path("attempts").asInt())
                .as("the retry refused while MongoDB was away changed nothing").isEqualTo(1);
    }

    private JsonNode letters(TenantId tenant) {
        return operator().getForObject("/api/v1/operator/dead-letters?tenantId=" + tenant, JsonNode.class);
    }

    private TestRestTemplate operator() {
        return rest.withBasicAuth(QuerySideIntegrationTest.OPERATOR, QuerySideIntegrationTest.PASSWORD);
    }

    private static void publishLead(LeadId lead, long sequence, TenantEvent event) {
        EventEnvelope envelope = TestEvents.leadEnvelope(event, lead, sequence);
        QuerySideIntegrationTest.publish(envelope);
    }

    private static CallLogged call(TenantId tenant, LeadId lead, String callId, Instant startedAt) {
        return new CallLogged(tenant, lead, callId, CallDirection.OUTBOUND, "+15125550101", AGENT, startedAt, 95,
                CallOutcome.CONNECTED, "talked", false, false, startedAt.plusSeconds(95));
    }

    private JsonNode awaitLead(TenantId tenant, LeadId lead, long version) {
        return await().atMost(CATCH_UP).ignoreExceptions().until(() -> get("/api/v1/leads/" + lead,
                        bearer(tenant, Permission.LEADS_READ)),
                response -> response.getStatusCode() == HttpStatus.OK
                        && response.getBody().path("version").asLong() == version).getBody();
    }

    private Map<String, Long> usedMeters(TenantId tenant) {
        JsonNode usage = get("/api/v1/usage", bearer(tenant, Permission.BILLING_VIEW)).getBody();
        Map<String, Long> used = new LinkedHashMap<>();
        usage.path("meters").forEach(meter -> used.put(meter.path("meter").asText(), meter.path("used").asLong()));
        return used;
    }

    private double infrastructureFailures() {
        Counter counter = meters.find(ProjectionConfiguration.FAILURES_METRIC)
                .tag("class", ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private ResponseEntity<String> readiness() {
        return rest.getForEntity("/actuator/health/readiness", String.class);
    }

    private ResponseEntity<JsonNode> get(String path, HttpHeaders headers) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static HttpHeaders bearer(TenantId tenant, Permission permission) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwts.token(tenant, UserId.generate(), Role.OWNER, EnumSet.of(permission)));
        return headers;
    }

    private static void cut() {
        mongoProxy.cut();
    }

    private static void restore() {
        mongoProxy.restore();
    }
}
