package com.nlre.tenancy.web.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

import java.util.Properties;
import java.util.UUID;

/**
 * Keeps this instance's {@link TenantStandingCache} true to the tenant's own events wherever they were stored or
 * projected: every instance of every service reads the whole event topic with a consumer group of its own (so it sees
 * every partition, unlike the projections' shared group), from the latest offset, and evicts the tenant of each
 * lifecycle or plan event ({@link TenantStandingCache#changesStanding}) with the event's sequence number (a read model
 * may cache the tenant again only once it has applied that event). It commits no offsets: a restarted instance starts
 * with an empty cache anyway.
 *
 * <p>Staleness bound: while this consumer is down or behind, a cached standing is at most the cache's time to live
 * (5 minutes by default) old.
 */
public class TenantStandingInvalidator implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(TenantStandingInvalidator.class);

    private final TenantStandingCache cache;
    private final ObjectMapper json;

    public TenantStandingInvalidator(TenantStandingCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(record.value());
        } catch (JsonProcessingException e) {
            log.debug("Record {}-{}@{} is not an event envelope: ignored by the tenant cache", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        String tenantId = envelope.path("tenantId").asText();
        boolean changesStanding = EventCatalog.typeOf(envelope.path("type").asText())
                .filter(TenantStandingCache::changesStanding).isPresent();
        if (!changesStanding || !TenantId.isValid(tenantId) || !envelope.path("aggregateSequence").canConvertToLong()) {
            return;
        }
        cache.evict(new TenantId(tenantId), envelope.path("aggregateSequence").asLong());
    }

    /**
     * The listener container: {@code groupPrefix} plus a random suffix as its own consumer group, latest offset, no
     * offset commits.
     */
    @SuppressWarnings("unchecked")
    public static ConcurrentMessageListenerContainer<String, String> container(ConsumerFactory<?, ?> consumers,
                                                                                String groupPrefix,
                                                                                TenantStandingInvalidator listener) {
        ContainerProperties properties = new ContainerProperties(Topics.EVENTS);
        properties.setGroupId(groupPrefix + "-tenant-cache-" + UUID.randomUUID());
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.setKafkaConsumerProperties(overrides);
        properties.setMessageListener(listener);
        ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                (ConsumerFactory<String, String>) consumers, properties);
        container.setConcurrency(1);
        container.setBeanName("tenantStandingInvalidation");
        return container;
    }
}
