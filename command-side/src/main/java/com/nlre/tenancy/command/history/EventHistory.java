package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads events back from the event store in global order: one tenant's through {@code tenant_event_index} (an index
 * range led by the tenant id, so the cost follows that tenant's own event count), or every tenant's straight from
 * {@code domainevententry}. Rows are deserialized as Axon's JDBC storage engine does (its event serializer and
 * upcaster chain), so a read event equals the one the outbox published.
 *
 * <p>Reads go in two steps: the positions of a page (index only), then the page's rows by position in chunks of
 * {@link #CHUNK}, so memory stays bounded whatever the page size.
 */
@Component
public class EventHistory {

    /** How many stored rows are deserialized at once. */
    static final int CHUNK = 200;

    private final JdbcTemplate jdbc;
    private final ObjectProvider<org.axonframework.config.Configuration> axon;

    public EventHistory(JdbcTemplate jdbc, ObjectProvider<org.axonframework.config.Configuration> axon) {
        this.jdbc = jdbc;
        this.axon = axon;
    }

    /** A statement and its arguments; exposed so the index's use can be measured. */
    record Sql(String text, List<Object> arguments) {
    }

    /** True when the event store holds at least one event of the tenant. */
    public boolean hasEventsOf(TenantId tenantId) {
        return !jdbc.queryForList("select global_index from tenant_event_index where tenant_id = ? "
                + "order by global_index limit 1", Long.class, tenantId.value()).isEmpty();
    }

    /**
     * The positions, ascending, of at most {@code limit} events after position {@code after}: the tenant's events that
     * match {@code filter}, or with a null tenant every event (then the filter must be empty).
     */
    public List<Long> positions(TenantId tenantId, HistoryFilter filter, long after, int limit) {
        Sql sql = positionsQuery(tenantId, filter, after, limit);
        return jdbc.queryForList(sql.text(), Long.class, sql.arguments().toArray());
    }

    Sql positionsQuery(TenantId tenantId, HistoryFilter filter, long after, int limit) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder sql;
        if (tenantId == null) {
            if (!filter.isEmpty()) {
                throw new IllegalArgumentException("a read across all tenants takes no filter");
            }
            sql = new StringBuilder("select globalindex from domainevententry where globalindex > ?");
            arguments.add(after);
            sql.append(" order by globalindex limit ?");
        } else {
            sql = new StringBuilder("select global_index from tenant_event_index where tenant_id = ?");
            arguments.add(tenantId.value());
            if (filter.aggregateId() != null) {
                sql.append(" and aggregate_id = ?");
                arguments.add(filter.aggregateId());
            }
            sql.append(" and global_index > ?");
            arguments.add(after);
            if (filter.from() != null) {
                sql.append(" and occurred_at >= ?");
                arguments.add(filter.from().atOffset(ZoneOffset.UTC));
            }
            if (filter.to() != null) {
                sql.append(filter.toInclusive() ? " and occurred_at <= ?" : " and occurred_at < ?");
                arguments.add(filter.to().atOffset(ZoneOffset.UTC));
            }
            if (!filter.types().isEmpty()) {
                sql.append(" and event_type in (").append(String.join(", ", Collections.nCopies(filter.types().size(), "?")))
                        .append(")");
                arguments.addAll(filter.types());
            }
            // ordered by the whole key: H2 sees only then that the (tenant_id, global_index) index already gives the
            // order, and reads one page of rows instead of sorting every row of the tenant after the cursor
            sql.append(" order by tenant_id, global_index limit ?");
        }
        arguments.add(limit);
        return new Sql(sql.toString(), arguments);
    }

    /** The events at {@code positions} (ascending), of the tenant only when one is given. */
    public List<StoredEvent> read(TenantId tenantId, List<Long> positions) {
        List<StoredEvent> events = new ArrayList<>(positions.size());
        for (int start = 0; start < positions.size(); start += CHUNK) {
            Sql sql = rowsQuery(tenantId, positions.subList(start, Math.min(positions.size(), start + CHUNK)));
            List<TrackedDomainEventData<byte[]>> rows =
                    jdbc.query(sql.text(), (resultSet, row) -> storedRow(resultSet), sql.arguments().toArray());
            org.axonframework.config.Configuration configuration = axon.getObject();
            EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), configuration.eventSerializer(),
                            configuration.upcasterChain())
                    .forEach(message -> events.add(new StoredEvent(positionOf(message),
                            (DomainEventMessage<?>) message)));
        }
        return events;
    }

    /**
     * The rows at {@code positions} (ascending). The positions' first and last bound the read as a range as well: with
     * only the list, H2 reads a tenant's whole index range and filters it by the list, so each page of a large
     * tenant's history cost as much as its whole history (84 s for 100,000 of a 1,000,000-event tenant's events).
     */
    Sql rowsQuery(TenantId tenantId, List<Long> positions) {
        String placeholders = String.join(", ", Collections.nCopies(positions.size(), "?"));
        List<Object> arguments = new ArrayList<>();
        String columns = "e.globalindex, e.type, e.aggregateidentifier, e.sequencenumber, e.eventidentifier, "
                + "e.timestamp, e.payloadtype, e.payloadrevision, e.payload, e.metadata";
        String sql;
        if (tenantId == null) {
            sql = "select " + columns + " from domainevententry e where e.globalindex >= ? and e.globalindex <= ?"
                    + " and e.globalindex in (" + placeholders + ") order by e.globalindex";
        } else {
            sql = "select " + columns + " from tenant_event_index i join domainevententry e"
                    + " on e.globalindex = i.global_index where i.tenant_id = ? and i.global_index >= ?"
                    + " and i.global_index <= ? and i.global_index in (" + placeholders + ") order by i.global_index";
            arguments.add(tenantId.value());
        }
        arguments.add(positions.isEmpty() ? 0L : positions.get(0));
        arguments.add(positions.isEmpty() ? -1L : positions.get(positions.size() - 1));
        arguments.addAll(positions);
        return new Sql(sql, arguments);
    }

    /**
     * Hands every matching event after {@code after} to {@code consumer} in global order, a page at a time, and
     * answers how many there were.
     */
    public long forEach(TenantId tenantId, HistoryFilter filter, long after, Consumer<StoredEvent> consumer) {
        long count = 0;
        long cursor = after;
        List<Long> page;
        do {
            page = positions(tenantId, filter, cursor, CHUNK);
            for (StoredEvent event : read(tenantId, page)) {
                consumer.accept(event);
                count++;
            }
            cursor = page.isEmpty() ? cursor : page.get(page.size() - 1);
        } while (page.size() == CHUNK);
        return count;
    }

    private static TrackedDomainEventData<byte[]> storedRow(ResultSet row) throws SQLException {
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(row.getLong("globalindex")),
                new GenericDomainEventEntry<>(row.getString("type"), row.getString("aggregateidentifier"),
                        row.getLong("sequencenumber"), row.getString("eventidentifier"), row.getString("timestamp"),
                        row.getString("payloadtype"), row.getString("payloadrevision"), row.getBytes("payload"),
                        row.getBytes("metadata")));
    }

    private static long positionOf(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElseThrow();
    }
}
