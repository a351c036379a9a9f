package com.nlre.tenancy.command.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is Axon's JdbcEventStorageEngine on our own database (PostgreSQL, or H2 in PostgreSQL mode), with
 * gap-aware tracking tokens. Flyway owns the schema ({@code db/migration}).
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** SQLSTATE 23505 (unique violation, on both PostgreSQL and H2): a lost append race, surfaced as Axon's ConcurrencyException. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }
}
