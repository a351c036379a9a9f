package com.nlre.tenancy.command.outbox;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The events topic and the outbox processor's ordering and error rules. */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    /**
     * Several partitions so query-side instances can share the load; the key (tenantId) keeps each tenant's events
     * in one partition, in order. The query side declares the same topic; whichever starts first creates it.
     */
    @Bean
    NewTopic eventsTopic(@Value("${nlre.kafka.partitions:6}") int partitions,
                         @Value("${nlre.kafka.replication-factor:1}") short replicationFactor) {
        return TopicBuilder.name(Topics.EVENTS).partitions(partitions).replicas(replicationFactor).build();
    }

    /** The access audit trail's records ({@code KafkaAccessAuditPublisher}); partitioned like the events topic. */
    @Bean
    NewTopic accessAuditTopic(@Value("${nlre.kafka.partitions:6}") int partitions,
                              @Value("${nlre.kafka.replication-factor:1}") short replicationFactor) {
        return TopicBuilder.name(Topics.ACCESS_AUDIT).partitions(partitions).replicas(replicationFactor).build();
    }

    /**
     * One tenant's events are published by one processor thread in store order (so they reach Kafka in order), and
     * a failure to publish is propagated so the processor retries instead of skipping the event.
     */
    @Bean
    ConfigurerModule outboxProcessingRules() {
        SequencingPolicy<EventMessage<?>> perTenant = event -> event.getPayload() instanceof TenantEvent tenantEvent
                ? tenantEvent.tenantId().value()
                : event.getIdentifier();
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(KafkaOutboxPublisher.PROCESSING_GROUP, configuration -> perTenant)
                .registerListenerInvocationErrorHandler(KafkaOutboxPublisher.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
