package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
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
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.nlre.tenancy.web.ConsistencyToken;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka delivering a batch twice, both ways it happens: the producer sending the same envelopes again, and the
 * consumer group's offset moved back (as after a crash before the commit) so the batch is consumed again. Either way
 * the read models, the usage ledger and the call counts stay exactly as after the first delivery: exactly once in
 * effect.
 */
class DoubleDeliveryIntegrationTest extends QuerySideIntegrationTest {

    private static final String AGENT = "user_twiceagent1";

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.consumer.group-id}")
    private String groupId;

    @Test
    void aBatchDeliveredAgainChangesNoReadModelUsageOrCallCount() throws Exception {
        TenantId tenant = TenantId.generate();
        LeadId first = LeadId.generate();
        LeadId second = LeadId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<EventEnvelope> batch = List.of(
                TestEvents.envelope(TestEvents.created(tenant, Plan.PROFESSIONAL, at), 0),
                TestEvents.envelope(TestEvents.userAdded(tenant, UserId.generate(), "John Doe", "john@acmere.test",
                        Role.OWNER, at), 1),
                TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, first, TestEvents.contact("Maria Garcia",
                        "+15125550101", "1 Oak St.", "Austin"), at), first, 0),
                TestEvents.leadEnvelope(call(tenant, first, "call-1", at.plusSeconds(60)), first, 1),
                TestEvents.leadEnvelope(new LeadStatusChanged(tenant, first, LeadStatus.NEW, LeadStatus.CONTACTED,
                        at.plusSeconds(200)), first, 2),
                TestEvents.leadEnvelope(call(tenant, first, "call-2", at.plusSeconds(300)), first, 3),
                TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, second, TestEvents.contact("John Smith",
                        "+15125550102", "2 Elm Rd.", "Austin"), at), second, 0),
                TestEvents.leadEnvelope(call(tenant, second, "call-3", at.plusSeconds(400)), second, 1));
        List<RecordMetadata> sent = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            COMMAND_SIDE.record(envelope);
            sent.add(send(envelope));
        }
        projectedUpTo(tenant, 0, at);
        Map<String, JsonNode> once = snapshot(tenant, first, second);
        assertThat(once.get("lead " + first).path("callCount").asLong()).isEqualTo(2);
        assertThat(once.get("lead " + second).path("callCount").asLong()).isEqualTo(1);
        assertThat(once.get("usage").path("calls").asLong()).isEqualTo(3);
        assertThat(once.get("usage").path("leads").asLong()).isEqualTo(2);

        for (EventEnvelope envelope : batch) {
            send(envelope);
        }
        projectedUpTo(tenant, 1, at);
        assertThat(snapshot(tenant, first, second)).as("after the producer sent the batch again").isEqualTo(once);

        RecordMetadata start = sent.get(0);
        TopicPartition partition = new TopicPartition(start.topic(), start.partition());
        assertThat(sent).allSatisfy(metadata -> assertThat(metadata.partition()).isEqualTo(partition.partition()));
        seekGroupBack(partition, start.offset());
        projectedUpTo(tenant, 2, at);
        assertThat(snapshot(tenant, first, second)).as("after the consumer read the batch again").isEqualTo(once);
    }

    private static CallLogged call(TenantId tenant, LeadId lead, String callId, Instant startedAt) {
        return new CallLogged(tenant, lead, callId, CallDirection.OUTBOUND, "+15125550101", AGENT, startedAt, 95,
                CallOutcome.CONNECTED, "talked", false, false, startedAt.plusSeconds(95));
    }

    private static RecordMetadata send(EventEnvelope envelope) throws Exception {
        return producer().send(new ProducerRecord<>(Topics.EVENTS, envelope.tenantId(), TestEvents.json(envelope)))
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Publishes the tenant's do-not-call event {@code sequence} and waits until it is projected: it follows every
     * earlier record of the tenant on the same partition, so all of them were consumed before it.
     */
    private void projectedUpTo(TenantId tenant, long sequence, Instant at) {
        publish(TestEvents.dncEnvelope(new DoNotCallNumberAdded(tenant, "+1512555020" + sequence, "marker", at),
                sequence));
        HttpHeaders headers = bearer(token(tenant, Permission.LEADS_READ));
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenant, tenant + ".dnc", sequence).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/dnc", headers).getHeaders()
                .getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
    }

    /**
     * Stops this service's consumers, moves the group's committed offset of the partition back to {@code offset}
     * (the group must have no member for that), and starts them again.
     */
    private void seekGroupBack(TopicPartition partition, long offset) throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("projections");
        container.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                    admin.alterConsumerGroupOffsets(groupId, Map.of(partition, new OffsetAndMetadata(offset)))
                            .all().get(10, TimeUnit.SECONDS));
            assertThat(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(partition).offset()).isEqualTo(offset);
        } finally {
            container.start();
        }
    }

    /** Both leads' details, the tenant's calls and its usage meters, as the API answers them. */
    private Map<String, JsonNode> snapshot(TenantId tenant, LeadId first, LeadId second) {
        String reader = token(tenant, Permission.LEADS_READ);
        Map<String, JsonNode> snapshot = new LinkedHashMap<>();
        for (LeadId lead : List.of(first, second)) {
            snapshot.put("lead " + lead, ok(get("/api/v1/leads/" + lead, bearer(reader))));
        }
        snapshot.put("calls", ok(get("/api/v1/calls?limit=100", bearer(reader))));
        JsonNode usage = ok(get("/api/v1/usage", bearer(token(tenant, Permission.BILLING_VIEW))));
        Map<String, Long> meters = new LinkedHashMap<>();
        usage.path("meters").forEach(meter -> meters.put(meter.path("meter").asText(), meter.path("used").asLong()));
        snapshot.put("usage", TestEvents.JSON.valueToTree(meters));
        return snapshot;
    }

    private static String token(TenantId tenant, Permission... permissions) {
        return TestJwts.token(tenant, UserId.generate(), Role.OWNER, EnumSet.of(permissions[0], permissions));
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }
}
