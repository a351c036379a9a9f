package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The export of a tenant with 100,000 events, timed: not part of the build (tag {@code benchmark}). Run with
 * <pre>
 * ./mvnw -B -pl query-side -am verify -Dgroups=benchmark -Dbenchmark.excluded= \
 *     -Dtest=GdprExportBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * and read the figures in {@code query-side/target/surefire-reports/*GdprExportBenchmarkTest-output.txt}.
 *
 * <p>The tenant has {@value #LEADS} leads with one call each, projected through Kafka into the read models; the rest of
 * its 100,000 events are status changes stored only in the (stub) command side's event store, which serves them over
 * HTTP in pages as the real one does. The export reads them all, opens each through the event decoder, and streams
 * the ZIP into MongoDB chunks (embedded mongo-java-server unless NLRE_TEST_MONGO_URI is set).
 */
@Tag("benchmark")
class GdprExportBenchmarkTest extends QuerySideIntegrationTest {

    private static final int EVENTS = 100_000;
    private static final int LEADS = 1_000;

    @Test
    void exportsATenantWithOneHundredThousandEvents() {
        TenantId id = TenantId.generate();
        UserId owner = UserId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(id, Plan.ENTERPRISE, at), 0, at));
        int events = 1;
        LeadId last = new LeadId("bench-" + (LEADS - 1));
        for (int i = 0; i < LEADS; i++) {
            LeadId lead = new LeadId("bench-" + i);
            publish(TestEvents.leadEnvelope(TestEvents.leadAdded(id, lead, TestEvents.contact("Owner Number " + i,
                    "+1512555" + String.format("%04d", i), i + " Main St.", "Austin"), at), lead, 0));
            publish(TestEvents.leadEnvelope(new CallLogged(id, lead, "call-" + i, CallDirection.OUTBOUND,
                    "+1512555" + String.format("%04d", i), owner.value(), at, 60, CallOutcome.CONNECTED,
                    "first call", false, false, at.plusSeconds(60)), lead, 1));
            events += 2;
        }
        long sequence = 2;
        LeadStatus from = LeadStatus.NEW;
        while (events < EVENTS) {
            LeadStatus to = from == LeadStatus.NEW ? LeadStatus.CONTACTED : LeadStatus.NEW;
            for (int i = 0; i < LEADS && events < EVENTS; i++) {
                LeadId lead = new LeadId("bench-" + i);
                COMMAND_SIDE.record(TestEvents.leadEnvelope(new LeadStatusChanged(id, lead, from, to, at), lead,
                        sequence));
                events++;
            }
            sequence++;
            from = to;
        }
        String token = TestJwts.token(id, owner, Role.OWNER, Set.of(Permission.values()));
        HttpHeaders headers = bearer(token);
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(id, id + "." + last, 1).format());
        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(get("/api/v1/leads/" + last, headers)
                .getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));

        long started = System.nanoTime();
        ResponseEntity<JsonNode> accepted = rest.exchange("/api/v1/gdpr/exports", HttpMethod.POST,
                new HttpEntity<>(bearer(token)), JsonNode.class);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String path = accepted.getHeaders().getLocation().toString();
        JsonNode job = await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode current = get(path, bearer(token)).getBody();
            assertThat(current.path("state").asText()).isNotEqualTo("failed");
            return current;
        }, current -> current.path("state").asText().equals("completed"));
        long jobMillis = (System.nanoTime() - started) / 1_000_000;
        long downloadStarted = System.nanoTime();
        ResponseEntity<byte[]> zip = rest.exchange(job.path("downloadUrl").asText(), HttpMethod.GET,
                new HttpEntity<>(bearer(token)), byte[].class);
        long downloadMillis = (System.nanoTime() - downloadStarted) / 1_000_000;

        assertThat(job.path("eventsRead").asLong()).isEqualTo(EVENTS);
        assertThat(job.path("counts").path("leads.ndjson").asLong()).isEqualTo(LEADS);
        assertThat(zip.getBody()).hasSize(job.path("sizeBytes").intValue());
        System.out.printf("GDPR export benchmark: %d events, %d leads with a call each: job %d ms (%.0f events/s), "
                        + "ZIP %d bytes downloaded in %d ms; %d cores, max heap %d MiB%n", EVENTS, LEADS, jobMillis,
                EVENTS * 1000.0 / jobMillis, zip.getBody().length, downloadMillis,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
