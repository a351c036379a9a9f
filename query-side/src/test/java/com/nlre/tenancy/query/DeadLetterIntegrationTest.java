package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.RequestContextFilter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection failing on one event, end to end: the event is parked as a dead letter with its reason, the other
 * tenants' and aggregates' events keep projecting, the same aggregate's later events are parked behind it, and once
 * the projection is fixed an operator's retry applies them in order, leaving the read models exactly as a clean run
 * does. Two tenants use the same lead id: one is poisoned, the other is the clean run.
 */
class DeadLetterIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED = new LeadId("crm-dlq-1");
    private static final String AGENT = "user_dlqagent1";

    @Autowired
    private PoisonedEvents poison;

    private final List<Runnable> cures = new ArrayList<>();

    @AfterEach
    void cureEverything() {
        cures.forEach(Runnable::run);
    }

    @Test
    void parksAPoisonedEventAndItsAggregatesLaterEventsWhileEverythingElseFlowsThenRetryMakesItEqualACleanRun()
            throws Exception {
        TenantId poisoned = TenantId.generate();
        TenantId clean = TenantId.generate();
        String aggregate = poisoned + "." + SHARED;
        poison(aggregate, 1);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<EventEnvelope> poisonedStream = seed(poisoned, at);
        seed(clean, at);
        LeadId other = LeadId.generate();
        for (TenantId tenant : List.of(poisoned, clean)) {
            publish(TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, other, TestEvents.contact("Ann Other",
                    "+15125550177", "9 Elm St.", "Austin"), at), other, 0));
        }

        List<JsonNode> letters = awaitLetters(poisoned, 3);
        assertThat(letters).extracting(letter -> letter.path("aggregateSequence").asLong()).containsExactly(1L, 2L, 3L);
        JsonNode head = letters.get(0);
        String headId = poisonedStream.get(1).eventId();
        assertThat(head.path("letterId").asText()).isEqualTo(headId);
        assertThat(head.path("eventId").asText()).isEqualTo(headId);
        assertThat(head.path("eventType").asText()).isEqualTo(poisonedStream.get(1).type());
        assertThat(head.path("tenantId").asText()).isEqualTo(poisoned.value());
        assertThat(head.path("aggregateId").asText()).isEqualTo(aggregate);
        assertThat(head.path("topic").asText()).isEqualTo(Topics.EVENTS);
        assertThat(head.path("offset").isIntegralNumber()).isTrue();
        assertThat(head.path("kind").asText()).isEqualTo("projection-error");
        assertThat(head.path("exception").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(head.path("reason").asText()).isEqualTo("poisoned event #1 of " + aggregate);
        assertThat(head.path("attempts").asInt()).isEqualTo(3);
        assertThat(head.has("record")).as("the list leaves the record out").isFalse();
        assertThat(poison.attempts(aggregate, 1)).isEqualTo(3);
        for (JsonNode waiting : letters.subList(1, 3)) {
            assertThat(waiting.path("kind").asText()).isEqualTo("waiting-behind");
            assertThat(waiting.path("waitingBehind").asText()).isEqualTo(headId);
            assertThat(waiting.path("attempts").asInt()).isZero();
            assertThat(waiting.path("exception").isNull()).isTrue();
        }

        // everything else flows: the clean tenant's same lead, and the poisoned tenant's other lead
        JsonNode cleanLead = awaitLead(clean, SHARED, 3);
        assertThat(cleanLead.path("status").asText()).isEqualTo("contacted");
        assertThat(cleanLead.path("callCount").asLong()).isEqualTo(1);
        awaitLead(poisoned, other, 0);
        JsonNode stuck = lead(poisoned, SHARED).getBody();
        assertThat(stuck.path("version").asLong()).isZero();
        assertThat(stuck.path("status").asText()).isEqualTo("new");
        assertThat(letters(clean)).isEmpty();

        // a consistency token behind the parked event is answered as not reached rather than waited out
        HttpHeaders waitFor = bearer(reader(poisoned));
        waitFor.set(ConsistencyToken.HEADER, new ConsistencyToken(poisoned, aggregate, 3).format());
        assertThat(get("/api/v1/leads/" + SHARED, waitFor).getHeaders().getFirst(ConsistencyToken.REACHED_HEADER))
                .isEqualTo("false");

        JsonNode one = asOperator("/api/v1/operator/dead-letters/" + headId, new HttpHeaders()).getBody();
        assertThat(TestEvents.JSON.readTree(one.path("record").asText()).path("eventId").asText()).isEqualTo(headId);
        assertThat(one.toString()).doesNotContain("at com.", "at java.");
        assertThat(rest.getForObject("/actuator/prometheus", String.class)).contains("nlre_projection_dead_letters ",
                "nlre_projection_dead_letters_parked_total{kind=\"projection-error\"",
                "nlre_projection_failures_total{class=\"projection-error\"");
        assertThat(rest.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .as("a parked letter is not an outage").isEqualTo(HttpStatus.OK);

        // retrying before the fix: the head fails again and keeps its place, one attempt more
        JsonNode failed = retry(headId);
        assertThat(failed.path("completed").asBoolean()).isFalse();
        assertThat(failed.path("applied")).isEmpty();
        assertThat(failed.path("stillParked")).hasSize(3);
        assertThat(failed.path("stillParked").get(0).path("attempts").asInt()).isEqualTo(4);
        assertThat(failed.path("stillParked").get(0).path("reason").asText()).contains("poisoned");
        assertThat(letters(poisoned)).hasSize(3);

        poison.cure(aggregate, 1);
        JsonNode fixed = retry(letters.get(2).path("letterId").asText());
        assertThat(fixed.path("completed").asBoolean()).isTrue();
        assertThat(fixed.path("applied")).extracting(JsonNode::asText).containsExactly(
                poisonedStream.get(1).eventId(), poisonedStream.get(2).eventId(), poisonedStream.get(3).eventId());
        assertThat(letters(poisoned)).isEmpty();

        assertThat(lead(poisoned, SHARED).getBody()).isEqualTo(lead(clean, SHARED).getBody());
        assertThat(usage(poisoned)).isEqualTo(usage(clean));
        assertThat(get("/api/v1/leads/" + SHARED, waitFor).getHeaders().getFirst(ConsistencyToken.REACHED_HEADER))
                .isEqualTo("true");
    }

    @Test
    void discardsOneLetterWithAReasonAuditedAndLeavesTheLettersBehindItForRetry() throws Exception {
        TenantId tenant = TenantId.generate();
        String aggregate = tenant + "." + SHARED;
        poison(aggregate, 1);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenant, Plan.PROFESSIONAL, at), 0));
        List<EventEnvelope> stream = List.of(
                TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, SHARED, TestEvents.contact("Maria Garcia",
                        "+15125550101", "1 Oak St.", "Austin"), at), SHARED, 0),
                TestEvents.leadEnvelope(new LeadTagged(tenant, SHARED, "poisoned-tag", at), SHARED, 1),
                TestEvents.leadEnvelope(new LeadStatusChanged(tenant, SHARED, LeadStatus.NEW, LeadStatus.CONTACTED,
                        at), SHARED, 2));
        // the discarded event only travels on the topic: kept in the stub's event store, a rebuild of all (another
        // test class in this context) would apply it and find the live read models different from the rebuilt ones
        publish(stream.get(0));
        producer().send(new ProducerRecord<>(Topics.EVENTS, tenant.value(), TestEvents.json(stream.get(1))))
                .get(10, TimeUnit.SECONDS);
        publish(stream.get(2));
        List<JsonNode> letters = awaitLetters(tenant, 2);
        String headId = stream.get(1).eventId();

        ResponseEntity<JsonNode> noReason = operatorPost("/api/v1/operator/dead-letters/" + headId + "/discard",
                Map.of(), new HttpHeaders());
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(noReason, "invalid-request");
        assertThat(noReason.getBody().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        ResponseEntity<JsonNode> unknown = operatorPost("/api/v1/operator/dead-letters/" + UUID.randomUUID()
                + "/discard", Map.of("reason", "no such letter"), new HttpHeaders());
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(unknown, "not-found");
        ResponseEntity<JsonNode> anonymous = rest.exchange("/api/v1/operator/dead-letters?tenantId=" + tenant,
                HttpMethod.GET, new HttpEntity<>(new HttpHeaders()), JsonNode.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        String correlationId = "discard-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.set(RequestContextFilter.CORRELATION_HEADER, correlationId);
        ResponseEntity<JsonNode> discarded = operatorPost("/api/v1/operator/dead-letters/" + headId + "/discard",
                Map.of("reason", "tag written by a bug, not by a user"), headers);
        assertThat(discarded.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(discarded.getBody().path("letterId").asText()).isEqualTo(headId);
        JsonNode audited = awaitAuditEntry(tenant, "operator_action", correlationId);
        assertThat(audited.path("actor").asText()).isEqualTo(OPERATOR);
        assertThat(audited.path("method").asText()).isEqualTo("POST");
        assertThat(audited.path("status").asInt()).isEqualTo(200);

        List<JsonNode> remaining = letters(tenant);
        assertThat(remaining).extracting(letter -> letter.path("letterId").asText())
                .containsExactly(letters.get(1).path("letterId").asText());
        JsonNode retried = retry(stream.get(2).eventId());
        assertThat(retried.path("completed").asBoolean()).isTrue();
        JsonNode projected = lead(tenant, SHARED).getBody();
        assertThat(projected.path("version").asLong()).isEqualTo(2);
        assertThat(projected.path("status").asText()).isEqualTo("contacted");
        assertThat(projected.path("tags")).extracting(JsonNode::asText).doesNotContain("poisoned-tag");

        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        JsonNode paths = docs.path("paths");
        assertThat(paths.fieldNames()).toIterable().contains("/api/v1/operator/dead-letters",
                "/api/v1/operator/dead-letters/{letterId}", "/api/v1/operator/dead-letters/{letterId}/retry",
                "/api/v1/operator/dead-letters/{letterId}/discard");
        JsonNode discard = paths.path("/api/v1/operator/dead-letters/{letterId}/discard").path("post");
        assertThat(discard.path("security").toString()).contains("operator");
        assertThat(discard.path("parameters")).extracting(parameter -> parameter.path("name").asText())
                .containsExactly("letterId");
        assertThat(discard.has("requestBody")).isTrue();
        assertThat(docs.path("components").path("schemas").path("DeadLetter").path("properties").has("waitingBehind"))
                .isTrue();
    }

    @Test
    void parksARecordThatIsNotAnEnvelopeUnderItsKeysTenantAndKeepsConsuming() throws Exception {
        TenantId tenant = TenantId.generate();
        producer().send(new ProducerRecord<>(Topics.EVENTS, tenant.value(), "{\"eventId\": truncated"))
                .get(10, TimeUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenant, Plan.STARTER, Instant.now()), 0));

        JsonNode letter = awaitLetters(tenant, 1).get(0);
        assertThat(letter.path("kind").asText()).isEqualTo("unprojectable-record");
        assertThat(letter.path("letterId").asText()).startsWith("record-" + Topics.EVENTS + "-");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("aggregateId").isNull()).isTrue();
        assertThat(letter.path("reason").asText()).isEqualTo("record is not an event envelope");
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(asOperator("/api/v1/tenants/" + tenant,
                new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.OK));

        JsonNode retried = retry(letter.path("letterId").asText());
        assertThat(retried.path("completed").asBoolean()).isFalse();
        assertThat(retried.path("stillParked").get(0).path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void tenantCredentialsNeverOpenTheDeadLetterRoutesOfTheirOwnTenant() throws Exception {
        TenantId tenant = TenantId.generate();
        producer().send(new ProducerRecord<>(Topics.EVENTS, tenant.value(), "[]")).get(10, TimeUnit.SECONDS);
        String letterId = awaitLetters(tenant, 1).get(0).path("letterId").asText();
        String owner = TestJwts.token(tenant, UserId.generate(), Role.OWNER, EnumSet.allOf(Permission.class));
        String base = "/api/v1/operator/dead-letters";

        Map<String, HttpMethod> routes = new LinkedHashMap<>();
        routes.put(base + "?tenantId=" + tenant, HttpMethod.GET);
        routes.put(base + "/" + letterId, HttpMethod.GET);
        routes.put(base + "/" + letterId + "/retry", HttpMethod.POST);
        routes.put(base + "/" + letterId + "/discard", HttpMethod.POST);
        routes.forEach((path, method) -> {
            HttpHeaders headers = bearer(owner);
            headers.setContentType(MediaType.APPLICATION_JSON);
            ResponseEntity<JsonNode> response = rest.exchange(path, method,
                    new HttpEntity<>(Map.of("reason", "a tenant trying"), headers), JsonNode.class);
            assertThat(response.getStatusCode()).as(method + " " + path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertProblem(response, "unauthenticated");
        });
        assertThat(letters(tenant)).singleElement()
                .satisfies(letter -> assertThat(letter.path("attempts").asInt()).isEqualTo(1));
    }

    /**
     * Publishes a tenant with one lead: added (#0), contacted (#1), tagged (#2) and called (#3).
     *
     * @return the lead's envelopes in sequence order
     */
    private static List<EventEnvelope> seed(TenantId tenant, Instant at) {
        publish(TestEvents.envelope(TestEvents.created(tenant, Plan.PROFESSIONAL, at), 0));
        List<TenantEvent> events = List.of(
                TestEvents.leadAdded(tenant, SHARED, TestEvents.contact("Maria Garcia", "+15125550101", "1 Oak St.",
                        "Austin"), at, "absentee"),
                new LeadStatusChanged(tenant, SHARED, LeadStatus.NEW, LeadStatus.CONTACTED, at.plusSeconds(10)),
                new LeadTagged(tenant, SHARED, "hot", at.plusSeconds(20)),
                new CallLogged(tenant, SHARED, "call-1", CallDirection.OUTBOUND, "+15125550101", AGENT,
                        at.plusSeconds(30), 95, CallOutcome.CONNECTED, "talked", false, false, at.plusSeconds(125)));
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            EventEnvelope envelope = TestEvents.envelope(events.get(sequence), "Lead", tenant + "." + SHARED,
                    sequence, at.plusSeconds(10L * sequence));
            publish(envelope);
            envelopes.add(envelope);
        }
        return envelopes;
    }

    private void poison(String aggregateId, long sequence) {
        poison.poison(aggregateId, sequence);
        cures.add(() -> poison.cure(aggregateId, sequence));
    }

    private List<JsonNode> awaitLetters(TenantId tenant, int count) {
        return await().atMost(CATCH_UP).until(() -> letters(tenant), letters -> letters.size() == count);
    }

    private List<JsonNode> letters(TenantId tenant) {
        ResponseEntity<JsonNode> response = asOperator("/api/v1/operator/dead-letters?size=100&tenantId=" + tenant,
                new HttpHeaders());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> letters = new ArrayList<>();
        response.getBody().path("items").forEach(letters::add);
        return letters;
    }

    private JsonNode retry(String letterId) {
        ResponseEntity<JsonNode> response = operatorPost("/api/v1/operator/dead-letters/" + letterId + "/retry", null,
                new HttpHeaders());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> operatorPost(String path, Object body, HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(OPERATOR, PASSWORD)
                .exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private JsonNode awaitLead(TenantId tenant, LeadId leadId, long version) {
        return await().atMost(CATCH_UP).until(() -> lead(tenant, leadId),
                        response -> response.getStatusCode() == HttpStatus.OK
                                && response.getBody().path("version").asLong() == version)
                .getBody();
    }

    private ResponseEntity<JsonNode> lead(TenantId tenant, LeadId leadId) {
        return get("/api/v1/leads/" + leadId, bearer(reader(tenant)));
    }

    private Map<String, Long> usage(TenantId tenant) {
        JsonNode usage = get("/api/v1/usage", bearer(TestJwts.token(tenant, UserId.generate(), Role.OWNER,
                EnumSet.of(Permission.BILLING_VIEW)))).getBody();
        Map<String, Long> meters = new LinkedHashMap<>();
        usage.path("meters").forEach(meter -> meters.put(meter.path("meter").asText(), meter.path("used").asLong()));
        return meters;
    }

    private static String reader(TenantId tenant) {
        return TestJwts.token(tenant, UserId.generate(), Role.VIEWER, Role.VIEWER.defaultPermissions());
    }
}
