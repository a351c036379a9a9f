package com.nlre.tenancy.bench.report;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Which consumer of the query side's group holds which partitions of the event topic, from Kafka's AdminClient. */
public final class ConsumerGroupCheck {

    public static final String GROUP = "nlre-query-side";

    /** @return client id → the event-topic partitions it holds, sorted */
    public static Map<String, List<Integer>> assignments(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                    .get(15, TimeUnit.SECONDS);
            Map<String, List<Integer>> assignments = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                List<Integer> partitions = member.assignment().topicPartitions().stream()
                        .filter(partition -> partition.topic().equals(topic)).map(TopicPartition::partition).sorted()
                        .collect(Collectors.toList());
                assignments.merge(member.clientId(), partitions, (a, b) -> {
                    List<Integer> merged = new java.util.ArrayList<>(a);
                    merged.addAll(b);
                    merged.sort(null);
                    return merged;
                });
            }
            return assignments;
        }
    }

    /** The instance a client id belongs to: bench.sh gives each query-side instance its own client-id prefix. */
    public static String instanceOf(String clientId) {
        return clientId.startsWith("query-side-2") ? "query-side-2" : clientId.startsWith("query-side-1")
                ? "query-side-1" : clientId;
    }

    private ConsumerGroupCheck() {
    }
}
