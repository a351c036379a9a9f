package com.nlre.tenancy.command.audit;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.audit.AccessOutcome;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.audit.ResourceIdPseudonyms;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side records every authenticated request in the access audit trail and publishes it to
 * {@link Topics#ACCESS_AUDIT}, keyed by tenant: reads and writes, refusals included, with the route pattern and
 * resource ids, and phone numbers only as pseudonyms.
 */
class AccessAuditPublishingTest extends CommandSideIntegrationTest {

    private static final String PHONE = "+15559876543";

    @Autowired
    private ResourceIdPseudonyms pseudonyms;

    @Test
    void publishesReadsWritesAndRefusalsOfUsersAndOperatorsWithRouteResourceIdsAndOutcome() throws Exception {
        TenantOwner owner = createTenantWithOwner("a long owner password");
        String token = login(owner);
        String run = UUID.randomUUID().toString().substring(0, 8);

        assertThat(asUser(token, "POST", "/api/v1/dnc", "{\"phone\":\"" + PHONE + "\"}", "add-" + run).status())
                .isEqualTo(200);
        assertThat(asUser(token, "DELETE", "/api/v1/dnc/" + PHONE, null, "remove-" + run).status())
                .isBetween(200, 204);
        assertThat(asUser(token, "GET", "/api/v1/leads/imports/job_unknown1?q=john", null, "read-" + run).status())
                .isEqualTo(404);
        assertThat(operator("POST", "/api/v1/tenants/" + owner.tenantId() + "/suspend",
                "{\"reason\":\"unpaid invoice\"}", "suspend-" + run).status()).isEqualTo(200);
        assertThat(asUser(token, "DELETE", "/api/v1/dnc/" + PHONE, null, "suspended-" + run).status())
                .isEqualTo(403);

        Map<String, AccessRecord> published = consumeUntil(Set.of("add-" + run, "remove-" + run, "read-" + run,
                "suspend-" + run, "suspended-" + run));

        AccessRecord add = published.get("add-" + run);
        assertThat(add.tenantId()).isEqualTo(owner.tenantId());
        assertThat(add.actorId()).isEqualTo(owner.ownerUserId());
        assertThat(add.actorType()).isEqualTo("user");
        assertThat(add.method()).isEqualTo("POST");
        assertThat(add.route()).isEqualTo("/api/v1/dnc");
        assertThat(add.status()).isEqualTo(200);
        assertThat(add.outcome()).isEqualTo(AccessOutcome.SUCCEEDED);
        assertThat(add.service()).isEqualTo("command-side");

        AccessRecord remove = published.get("remove-" + run);
        assertThat(remove.route()).isEqualTo("/api/v1/dnc/{phone}");
        assertThat(remove.resourceIds()).containsExactly(Map.entry("phone", pseudonyms.pseudonym(PHONE)));

        AccessRecord read = published.get("read-" + run);
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.route()).isEqualTo("/api/v1/leads/imports/{jobId}");
        assertThat(read.resourceIds()).containsEntry("jobId", "job_unknown1");
        assertThat(read.outcome()).isEqualTo(AccessOutcome.NOT_FOUND);

        AccessRecord suspend = published.get("suspend-" + run);
        assertThat(suspend.actorType()).isEqualTo("operator");
        assertThat(suspend.actorId()).isEqualTo(OPERATOR);
        assertThat(suspend.tenantId()).isEqualTo(owner.tenantId());
        assertThat(suspend.route()).isEqualTo("/api/v1/tenants/{tenantId}/suspend");

        AccessRecord refused = published.get("suspended-" + run);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.outcome()).isEqualTo(AccessOutcome.DENIED);
        assertThat(refused.route()).as("known though refused before dispatch").isEqualTo("/api/v1/dnc/{phone}");
        assertThat(refused.resourceIds()).containsEntry("phone", pseudonyms.pseudonym(PHONE));

        assertThat(published.values()).allSatisfy(accessRecord ->
                assertThat(accessRecord.toString()).doesNotContain("5559876543", "john", "unpaid"));
    }

    private Response asUser(String token, String method, String path, String body, String correlationId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put(RequestContextFilter.CORRELATION_HEADER, correlationId);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return request(method, path, body, headers);
    }

    private Response operator(String method, String path, String body, String correlationId) {
        return request(method, path, body, Map.of("Content-Type", "application/json",
                RequestContextFilter.CORRELATION_HEADER, correlationId, "Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes())));
    }

    /** The published records with these correlation ids, checking each travels under its tenant's key. */
    private Map<String, AccessRecord> consumeUntil(Set<String> correlationIds) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, AccessRecord> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCESS_AUDIT));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!found.keySet().containsAll(correlationIds) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    AccessRecord accessRecord = objectMapper.readValue(record.value(), AccessRecord.class);
                    if (correlationIds.contains(accessRecord.correlationId())) {
                        assertThat(record.key()).isEqualTo(accessRecord.tenantId());
                        found.put(accessRecord.correlationId(), accessRecord);
                    }
                }
            }
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(correlationIds);
        return found;
    }
}
