package com.nlre.tenancy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.faults.Verifier.TenantCheck;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the events the read models lack stopped, asked once the read models did not converge: the outbox's metrics on
 * the command side, the consumers' lag and failures on the query side, and, per tenant that did not converge, how many
 * of its stored leads never reached the events topic. An outbox that lost or holds events shows as leads missing from
 * the topic; a stalled or slow consumer as lag; a consumer that skipped records as neither.
 */
final class PipelineProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultPlatform platform;
    private final Api api;

    PipelineProbe(FaultPlatform platform, Api api) {
        this.platform = platform;
        this.api = api;
    }

    /** One line per observation; never throws (a probe that fails says so in its line). */
    List<String> observe(List<TenantCheck> checks) {
        List<String> lines = new ArrayList<>();
        // how far behind the event store the outbox's last processed event was (Axon, milliseconds)
        lines.addAll(metrics("command side", platform.commandUrl(), "kafka_outbox_latency{"));
        // records not yet consumed per partition (Kafka client), projection failures and parked records
        lines.addAll(metrics("query side", platform.queryUrl(), "kafka_consumer_fetch_manager_records_lag{",
                "nlre_projection_failures", "nlre_projection_dead_letters"));
        List<TenantCheck> behind = checks.stream().filter(check -> !check.converged()).toList();
        if (behind.isEmpty()) {
            return lines;
        }
        try {
            Map<String, Set<String>> leadsOnTopic = leadsOnTopic();
            for (TenantCheck check : behind) {
                Set<String> onTopic = leadsOnTopic.getOrDefault(check.driver().tenantId(), Set.of());
                long missingFromTopic = check.store().leads().keySet().stream()
                        .filter(leadId -> !onTopic.contains(leadId)).count();
                lines.add(String.format("%s: %d leads stored, %d on the events topic, %d stored but never published, "
                                + "%d in the read model", check.driver().tag(), check.store().leads().size(),
                        onTopic.size(), missingFromTopic, check.readLeads()));
            }
        } catch (RuntimeException e) {
            lines.add("events topic not readable: " + e);
        }
        return lines;
    }

    /** The service's Prometheus samples whose line starts with one of {@code prefixes}. */
    private List<String> metrics(String service, String baseUrl, String... prefixes) {
        try {
            Api.Answer answer = api.get(baseUrl + "/actuator/prometheus");
            if (answer.status() != 200) {
                return List.of(service + " metrics: " + answer.brief());
            }
            return answer.body().lines().filter(line -> !line.startsWith("#"))
                    .filter(line -> List.of(prefixes).stream().anyMatch(line::startsWith))
                    .map(line -> service + " " + line).toList();
        } catch (RuntimeException e) {
            return List.of(service + " metrics not readable: " + e);
        }
    }

    /** tenantId → the lead ids of the LeadAdded envelopes on the events topic, read from the start of every partition. */
    private Map<String, Set<String>> leadsOnTopic() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<String, Set<String>> leads = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo partition : consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(partition.topic(), partition.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the events topic was not read to its end within 3 minutes");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode envelope = parse(record.value());
                    if ("LeadAdded".equals(envelope.path("type").asText())) {
                        leads.computeIfAbsent(envelope.path("tenantId").asText(), tenant -> new HashSet<>())
                                .add(Verifier.id(envelope.path("payload").path("leadId")));
                    }
                }
            }
        }
        return leads;
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
