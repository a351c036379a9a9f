package com.nlre.tenancy.command.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant event index: written with the events, in their transaction, and read without touching other tenants. */
class TenantEventIndexTest extends CommandSideIntegrationTest {

    private static final Pattern H2_SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private EventHistory history;

    @Test
    void everyStoredEventOfATenantHasItsIndexRowAtTheSamePosition() {
        String tenantId = createTenant();

        List<Long> stored = jdbc.queryForList("select globalindex from domainevententry where aggregateidentifier = ? "
                + "or aggregateidentifier like ? order by globalindex", Long.class, tenantId, tenantId + ".%");
        List<Long> indexed = jdbc.queryForList("select global_index from tenant_event_index where tenant_id = ? "
                + "order by global_index", Long.class, tenantId);

        assertThat(stored).isNotEmpty();
        assertThat(indexed).isEqualTo(stored);
        assertThat(jdbc.queryForObject("select event_type from tenant_event_index where global_index = ?",
                String.class, stored.get(0))).isEqualTo("TenantCreated");
    }

    @Test
    void aRolledBackTransactionLeavesNeitherTheEventNorItsIndexRow() {
        TenantId tenantId = TenantId.generate();
        String aggregateId = tenantId.value() + ".crm-1";

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            eventStore.publish(tagged(tenantId, aggregateId, 0));
            assertThat(indexRowsOf(tenantId)).as("written in the event's transaction").isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(indexRowsOf(tenantId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Long.class, aggregateId)).isZero();
    }

    /**
     * Measured beside 10,000 events of another tenant, so that the planner (PostgreSQL's too, which rightly scans a
     * tiny table whole) must choose between the tenant's index range and reading everything.
     */
    @Test
    void readingOneTenantsHistoryTouchesRowsInProportionToItsOwnEventsNotOthers() {
        TenantId tenant = TenantId.generate();
        appendTagged(tenant, "crm-first", 7);
        appendTagged(TenantId.generate(), "crm-bulk", 10_000);
        long forSeven = rowsReadForHistoryOf(tenant);

        appendTagged(tenant, "crm-more", 63);
        long forSeventy = rowsReadForHistoryOf(tenant);

        assertThat(history.positions(tenant, HistoryFilter.NONE, 0, 5000)).hasSize(70);
        // a few index probes per own event: its position, then its row through the tenant's index and the store's key
        assertThat(forSeven).as("rows read for 7 own events beside 10,000 of another tenant")
                .isLessThanOrEqualTo(7 * 5);
        assertThat(forSeventy).as("rows read for 70 own events beside 10,000 of another tenant")
                .isLessThanOrEqualTo(70 * 5).isGreaterThan(forSeven);
    }

    @Test
    void aLaterPageOfALargeTenantsHistoryReadsRowsInProportionToThePageNotToTheWholeHistory() {
        TenantId tenant = TenantId.generate();
        appendTagged(tenant, "crm-large", 3_000);
        List<Long> all = history.positions(tenant, HistoryFilter.NONE, 0, 5000);
        long after = all.get(2_000);

        EventHistory.Sql positions = history.positionsQuery(tenant, HistoryFilter.NONE, after, 100);
        List<Long> page = history.positions(tenant, HistoryFilter.NONE, after, 100);
        long read = rowsRead(positions) + rowsRead(history.rowsQuery(tenant, page));

        assertThat(page).hasSize(100);
        assertThat(page.get(0)).isGreaterThan(after);
        assertThat(history.read(tenant, page)).hasSize(100);
        assertThat(read).as("rows read for a page of 100 in the middle of 3,000 own events").isLessThanOrEqualTo(100 * 5);
    }

    /** Rows the database reads to answer one history page of the tenant: its positions, then its payload rows. */
    private long rowsReadForHistoryOf(TenantId tenant) {
        EventHistory.Sql positions = history.positionsQuery(tenant, HistoryFilter.NONE, 0, 5000);
        List<Long> page = history.positions(tenant, HistoryFilter.NONE, 0, 5000);
        EventHistory.Sql rows = history.rowsQuery(tenant, page);
        return rowsRead(positions) + rowsRead(rows);
    }

    /**
     * What the database reports having read for a statement: H2's {@code EXPLAIN ANALYZE} scan counts, or on
     * PostgreSQL the rows every plan node produced or filtered away.
     */
    private long rowsRead(EventHistory.Sql sql) {
        Object[] arguments = sql.arguments().toArray();
        if (TestInfrastructure.isPostgres(DATABASE)) {
            jdbc.execute("analyze tenant_event_index");
            jdbc.execute("analyze domainevententry");
            String plan = jdbc.queryForObject("explain (analyze, format json) " + sql.text(), String.class, arguments);
            try {
                return rowsTouched(objectMapper.readTree(plan).get(0).get("Plan"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String plan = String.join("\n", jdbc.queryForList("explain analyze " + sql.text(), String.class, arguments));
        Matcher scans = H2_SCAN_COUNT.matcher(plan);
        long total = 0;
        while (scans.find()) {
            total += Long.parseLong(scans.group(1));
        }
        assertThat(total).as("H2 reports scan counts: " + plan).isPositive();
        return total;
    }

    /** Rows produced by scans (and removed by their filters), summed over the plan's leaves and loops. */
    private static long rowsTouched(JsonNode node) {
        long total = 0;
        if (node.has("Relation Name") || node.get("Node Type").asText().contains("Scan")) {
            long loops = node.path("Actual Loops").asLong(1);
            total += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong()) * loops;
        }
        for (JsonNode child : node.path("Plans")) {
            total += rowsTouched(child);
        }
        return total;
    }

    private void appendTagged(TenantId tenant, String leadId, int count) {
        String aggregateId = tenant.value() + "." + leadId;
        List<EventMessage<?>> events = new ArrayList<>(count);
        for (int sequence = 0; sequence < count; sequence++) {
            events.add(tagged(tenant, aggregateId, sequence));
        }
        new TransactionTemplate(transactions).executeWithoutResult(status -> eventStore.publish(events));
    }

    private static EventMessage<?> tagged(TenantId tenant, String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Lead", aggregateId, sequence,
                new LeadTagged(tenant, new LeadId(aggregateId.substring(aggregateId.indexOf('.') + 1)),
                        "tag-" + sequence, Instant.now()));
    }

    private long indexRowsOf(TenantId tenantId) {
        return jdbc.queryForObject("select count(*) from tenant_event_index where tenant_id = ?", Long.class,
                tenantId.value());
    }
}
