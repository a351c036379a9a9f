package com.nlre.tenancy.query.config;

import com.nlre.tenancy.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the event topic so whichever service starts first creates it. Both services must declare the same
 * partition count: adding partitions later moves tenants to other partitions and breaks their event order.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicConfiguration {

    @Bean
    NewTopic eventsTopic(@Value("${nlre.kafka.partitions}") int partitions,
                         @Value("${nlre.kafka.replication-factor}") short replicationFactor) {
        return TopicBuilder.name(Topics.EVENTS).partitions(partitions).replicas(replicationFactor).build();
    }

    /** The command side's access audit records, which the access audit log consumes. */
    @Bean
    NewTopic accessAuditTopic(@Value("${nlre.kafka.partitions}") int partitions,
                              @Value("${nlre.kafka.replication-factor}") short replicationFactor) {
        return TopicBuilder.name(Topics.ACCESS_AUDIT).partitions(partitions).replicas(replicationFactor).build();
    }
}
