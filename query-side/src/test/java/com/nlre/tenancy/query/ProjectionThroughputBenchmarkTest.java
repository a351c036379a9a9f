package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How fast the query side projects, without HTTP in front: {@value #TENANTS} tenants' lead events published to Kafka
 * at once (the live consumer's rate), then every read model rebuilt from the (stub) command side's event stream (the
 * replay rate). Not part of the build (tag {@code benchmark}); run with
 * <pre>
 * ./mvnw -B -pl query-side -am verify -Dgroups=benchmark -Dbenchmark.excluded= \
 *     -Dtest=ProjectionThroughputBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * and read the figures in {@code query-side/target/surefire-reports/*ProjectionThroughputBenchmarkTest-output.txt}.
 * MongoDB is the tests' embedded one (in memory, indexed) unless NLRE_TEST_MONGO_URI is set.
 */
@Tag("benchmark")
class ProjectionThroughputBenchmarkTest extends QuerySideIntegrationTest {

    private static final int TENANTS = 50;
    private static final int LEADS_PER_TENANT = 40;
    private static final int STATUS_CHANGES_PER_LEAD = 2;

    @Autowired
    private ProjectionPositions positions;

    @Test
    void projectsLiveEventsAndReplaysThemAll() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<EventEnvelope> envelopes = new ArrayList<>();
        Map<TenantId, EventEnvelope> lastOfTenant = new LinkedHashMap<>();
        for (int t = 0; t < TENANTS; t++) {
            TenantId tenant = TenantId.generate();
            envelopes.add(TestEvents.envelope(TestEvents.created(tenant, Plan.ENTERPRISE, at), 0, at));
            for (int l = 0; l < LEADS_PER_TENANT; l++) {
                LeadId lead = new LeadId("lead-" + l);
                String phone = "+1512555" + String.format("%04d", l);
                long sequence = 0;
                envelopes.add(TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, lead,
                        TestEvents.contact("Owner " + l, phone, l + " Main St.", "Austin"), at), lead, sequence++));
                envelopes.add(TestEvents.leadEnvelope(new CallLogged(tenant, lead, "call-" + l, CallDirection.OUTBOUND,
                        phone, "agent", at, 60, CallOutcome.CONNECTED, "first call", false, false, at.plusSeconds(60),
                        0), lead, sequence++));
                LeadStatus from = LeadStatus.NEW;
                for (int s = 0; s < STATUS_CHANGES_PER_LEAD; s++) {
                    LeadStatus to = from == LeadStatus.NEW ? LeadStatus.CONTACTED : LeadStatus.NEW;
                    envelopes.add(TestEvents.leadEnvelope(new LeadStatusChanged(tenant, lead, from, to, at), lead,
                            sequence++));
                    from = to;
                }
            }
            lastOfTenant.put(tenant, envelopes.get(envelopes.size() - 1));
        }
        envelopes.forEach(COMMAND_SIDE::record);

        long started = System.nanoTime();
        envelopes.forEach(envelope -> producer().send(new ProducerRecord<>(Topics.EVENTS, envelope.tenantId(),
                TestEvents.json(envelope))));
        producer().flush();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                lastOfTenant.entrySet().stream().allMatch(last -> positions.sequenceOf(last.getKey(),
                        last.getValue().aggregateId()).orElse(-1) >= last.getValue().aggregateSequence()));
        long liveMillis = (System.nanoTime() - started) / 1_000_000;

        long rebuildStarted = System.nanoTime();
        ResponseEntity<JsonNode> accepted = rest.withBasicAuth(OPERATOR, PASSWORD).exchange(
                "/api/v1/operator/rebuilds", HttpMethod.POST, new HttpEntity<>(new HttpHeaders()), JsonNode.class);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String path = accepted.getHeaders().getLocation().toString();
        JsonNode rebuild = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> asOperator(path, new HttpHeaders()).getBody(),
                        view -> !view.path("state").asText().equalsIgnoreCase("running")
                                && !view.path("state").asText().equalsIgnoreCase("switching"));
        long rebuildMillis = (System.nanoTime() - rebuildStarted) / 1_000_000;
        assertThat(rebuild.path("state").asText()).isEqualToIgnoringCase("completed");

        long replayed = rebuild.path("eventsRead").asLong();
        assertThat(replayed).isGreaterThanOrEqualTo(envelopes.size());
        System.out.printf("Projection benchmark: %d events of %d tenants projected live in %d ms (%.0f events/s); "
                        + "rebuild of all read models: %d events in %d ms (%.0f events/s, page size and commit window "
                        + "of the tests); %d cores%n", envelopes.size(), TENANTS, liveMillis,
                envelopes.size() * 1000.0 / liveMillis, replayed, rebuildMillis, replayed * 1000.0 / rebuildMillis,
                Runtime.getRuntime().availableProcessors());
    }
}
