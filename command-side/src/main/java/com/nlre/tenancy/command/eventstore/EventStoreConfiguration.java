package com.nlre.tenancy.command.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is Axon's JdbcEventStorageEngine on our own database (PostgreSQL, or H2 in PostgreSQL mode), with
 * gap-aware tracking tokens. Flyway owns the schema ({@code db/migration}). Both beans are built as Axon's Spring Boot
 * auto-configuration builds them (which backs off once an event bus is defined here), except for the size of the
 * event store's cache.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** SQLSTATE 23505 (unique violation, on both PostgreSQL and H2): a lost append race, surfaced as Axon's ConcurrencyException. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /** Axon's JDBC storage engine with Axon's default table names and the configured serializers and upcasters. */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build();
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, but with a smaller cache of recent events.
     * The store keeps the last {@code nlre.event-store.cached-events} events in memory for tracking processors that
     * read at the head (here only the Kafka outbox); each cached event carries its own copy of the tracking token's
     * gaps, a few KiB per event. Axon's default of 10,000 made the command side's heap grow by some 40 MiB over the
     * first 10,000 events after a start, which the load run cannot tell from a leak. A processor further behind than
     * the cache reads from the database, as after any restart.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                  @Value("${nlre.event-store.cached-events:1000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .build();
    }
}
