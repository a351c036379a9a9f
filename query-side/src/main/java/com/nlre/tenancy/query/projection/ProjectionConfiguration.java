package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Wires the projections to the event topic and decides what happens when projecting a record fails. */
@Configuration(proxyBeanMethods = false)
public class ProjectionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConfiguration.class);

    @Bean
    EventDecoder eventDecoder(ObjectMapper objectMapper, MeterRegistry meters, SubjectKeys subjectKeys) {
        return new EventDecoder(objectMapper, meters, subjectKeys);
    }

    @Bean
    EventProjector eventProjector(EventDecoder decoder, List<Projection> projections,
                                  ProjectionPositions positions, Clock clock, MeterRegistry meters) {
        return new EventProjector(decoder, projections, positions, clock, meters);
    }

    /** Every consumer of this service prefetches, once per poll, the subject keys its events need. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer subjectKeyPrefetching(EventDecoder decoder) {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, SubjectKeyPrefetcher.class.getName(),
                SubjectKeyPrefetcher.DECODER, decoder));
    }

    /** Indexes exist before the listener containers start (they start after every singleton is initialised). */
    @Bean
    InitializingBean readModelIndexes(List<Projection> projections, ProjectionPositions positions) {
        return () -> {
            projections.forEach(Projection::createIndexes);
            positions.createIndexes();
        };
    }

    /**
     * A failed record is retried with exponential back-off (0.2 s doubling up to 30 s between attempts) for as long
     * as it takes: while MongoDB is down the consumer waits, the partition stays where it is and no event is skipped.
     * Only a {@link MalformedEventException}, which no retry can fix, goes straight to the recoverer, which logs it and
     * moves on. Dead-lettering such records to a topic comes with the reliability issue.
     */
    @Bean
    DefaultErrorHandler projectionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> log.error(
                "Skipping record {}-{}@{}: it can never be projected", record.topic(), record.partition(),
                record.offset(), exception), backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }
}
