package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes {@code tenant_event_index}: one row per stored event, keyed by its tenant and global position. A subscribing
 * processor, so the row is written in the same transaction as the event (the event store appends before subscribing
 * processors run); a failed write fails the command ({@link HistoryConfiguration}), so the index never misses an
 * event. The global position is the event's row in {@code domainevententry}, found by its unique event id.
 */
@Component
@ProcessingGroup(TenantEventIndex.PROCESSING_GROUP)
public class TenantEventIndex {

    public static final String PROCESSING_GROUP = "tenant-event-index";

    private final JdbcTemplate jdbc;

    public TenantEventIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantEvent event, DomainEventMessage<?> message) {
        int indexed = jdbc.update("""
                        insert into tenant_event_index
                            (tenant_id, global_index, aggregate_id, sequence_number, event_type, occurred_at)
                        select ?, globalindex, aggregateidentifier, sequencenumber, ?, ?
                        from domainevententry where eventidentifier = ?""",
                event.tenantId().value(), EventCatalog.wireName(event.getClass()),
                message.getTimestamp().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC), message.getIdentifier());
        if (indexed != 1) {
            throw new IllegalStateException("event " + message.getIdentifier() + " is not in the event store");
        }
    }
}
