package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import com.nlre.tenancy.query.deadletter.DeadLetterQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Wires the projections to the event topic and decides what happens when projecting a record fails. */
@Configuration(proxyBeanMethods = false)
public class ProjectionConfiguration {

    /** Failed attempts to project a record, tagged {@code class} with the {@link ProjectionFailureClass}. */
    public static final String FAILURES_METRIC = "nlre.projection.failures";

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

    /**
     * Every consumer of this service prefetches, once per poll, the subject keys its events need, then tells the
     * {@link EventPollObserver}s.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer subjectKeyPrefetching(EventDecoder decoder,
                                                                List<EventPollObserver> observers) {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, SubjectKeyPrefetcher.class.getName(),
                SubjectKeyPrefetcher.DECODER, decoder,
                SubjectKeyPrefetcher.OBSERVERS, List.copyOf(observers)));
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
     * What a record whose projection failed gets, by its {@link ProjectionFailureClass}:
     * <ul>
     *   <li>{@code INFRASTRUCTURE_UNAVAILABLE} (MongoDB or the command side's keys unreachable): retried with
     *   exponential back-off (0.2 s doubling up to {@code nlre.projection.max-back-off}, 30 s) for as long as it
     *   takes. The partition stays where it is and nothing is skipped or parked; the consumer resumes by itself.</li>
     *   <li>{@code UNPROJECTABLE_RECORD}: parked at once by the {@link DeadLetterQueue}; the consumer moves on.</li>
     *   <li>{@code PROJECTION_ERROR}: tried {@code nlre.projection.attempts-before-parking} times in all (3),
     *   {@code nlre.projection.retry-interval} apart (1 s), then parked.</li>
     * </ul>
     * A change of failure (e.g. MongoDB going down between two attempts) starts the record's count again under the new
     * class. Every failed attempt is logged with the record's tenant and counted in {@value #FAILURES_METRIC}. This
     * handler serves every listener of the service: a record of another topic than the event topic (the access audit
     * trail) is retried with back-off for as long as it takes, and never parked.
     */
    @Bean
    DefaultErrorHandler projectionErrorHandler(DeadLetterQueue deadLetters, ProjectionRetryProperties retry,
                                               MeterRegistry meters) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters::park, untilAvailable(retry));
        handler.setBackOffFunction((record, exception) -> !Topics.EVENTS.equals(record.topic())
                ? untilAvailable(retry)
                : switch (ProjectionFailureClass.of(exception)) {
                    case INFRASTRUCTURE_UNAVAILABLE -> untilAvailable(retry);
                    case UNPROJECTABLE_RECORD -> new FixedBackOff(0, 0);
                    case PROJECTION_ERROR -> new FixedBackOff(retry.retryInterval().toMillis(),
                            retry.attemptsBeforeParking() - 1L);
                });
        // only the back-off function decides (and every failure reaches the retry listener): no exception type is
        // treated as fatal on its own
        handler.setClassifications(Map.of(), true);
        handler.setResetStateOnExceptionChange(true);
        handler.setRetryListeners((record, exception, attempt) -> failedAttempt(meters, record, exception, attempt));
        return handler;
    }

    private static BackOff untilAvailable(ProjectionRetryProperties retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(Math.max(200, retry.maxBackOff().toMillis()));
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    private static void failedAttempt(MeterRegistry meters, ConsumerRecord<?, ?> record, Exception exception,
                                      int attempt) {
        ProjectionFailureClass failureClass = ProjectionFailureClass.of(exception);
        Counter.builder(FAILURES_METRIC)
                .description("Failed attempts to project a record, by failure class")
                .tag("class", failureClass.tag())
                .register(meters).increment();
        String tenant = record.key() instanceof String key && TenantId.isValid(key) ? key : null;
        if (tenant != null) {
            MDC.put(MetadataKeys.TENANT_ID, tenant);
        }
        try {
            Throwable cause = exception.getCause() == null ? exception : exception.getCause();
            log.warn("Projecting record {}-{}@{} failed (attempt {}, {}): {}", record.topic(), record.partition(),
                    record.offset(), attempt, failureClass.tag(), cause.toString());
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }
}
