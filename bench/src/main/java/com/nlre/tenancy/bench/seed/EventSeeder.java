package com.nlre.tenancy.bench.seed;

import com.nlre.tenancy.command.CommandSideApplication;
import com.nlre.tenancy.command.lead.LeadKeys;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.EventCatalog;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Seeds one tenant's event volume for the replay, history and noisy-neighbour measurements, far faster than over HTTP
 * but through the command side's own machinery: it starts the command side's application context (another instance,
 * on a random port, same event store and Kafka) and appends real {@code events-api} events with its
 * {@link EventStorageEngine} (so its configured serializer writes payloads and metadata, as for any command), and in the
 * same transaction writes their {@code tenant_event_index} rows with the statement {@code TenantEventIndex} uses, both in
 * batches of {@value #BATCH} events per transaction. The Kafka outbox then publishes them like any other event. Skipped
 * on purpose: the command handlers and the other subscribing processors (quota counters, compliance tables), so seeded
 * leads count against no quota (the tenant is an enterprise tenant without limits) and cannot be called.
 *
 * <p>Each lead gets {@code LeadAdded}, then {@code LeadStatusChanged} moves contacted ⇄ qualified up to its share of
 * events. Run by {@code bench.sh} as
 * {@code java -cp command-side-exec.jar -Dloader.path=bench.jar -Dloader.main=…EventSeeder PropertiesLauncher
 * <tenantId> <events> <leads>}; prints {@code SEEDED token=<consistency token of the last event>}.
 */
public final class EventSeeder {

    private static final Logger log = LoggerFactory.getLogger(EventSeeder.class);

    static final int BATCH = 1000;

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: EventSeeder <tenantId> <events> <leads>");
            System.exit(2);
        }
        TenantId tenant = new TenantId(args[0]);
        long events = Long.parseLong(args[1]);
        long leads = Math.max(1, Math.min(events, Long.parseLong(args[2])));
        System.setProperty("axoniq.update-checker.disabled", "true");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.config.name=" + CommandSideApplication.CONFIG_NAME, "server.port=0",
                        "spring.main.banner-mode=off")
                .run();
        int exit = 0;
        try {
            Appender appender = new Appender(context.getBean(EventStorageEngine.class),
                    context.getBean(JdbcTemplate.class), new TransactionTemplate(
                    context.getBean(org.springframework.transaction.PlatformTransactionManager.class)));
            long started = System.nanoTime();
            String token = seed(appender, tenant, events, leads);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("SEEDED events=%d leads=%d seconds=%.1f rate=%.0f token=%s%n", events, leads, seconds,
                    events / seconds, token);
        } catch (RuntimeException e) {
            MDC.put(MetadataKeys.TENANT_ID, tenant.value());
            log.error("Seeding {} events for the tenant failed", events, e);
            exit = 1;
        } finally {
            context.close();
        }
        System.exit(exit);
    }

    private static String seed(Appender appender, TenantId tenant, long events, long leads) {
        long perLead = Math.max(1, events / leads);
        long extra = events - perLead * leads;
        List<DomainEventMessage<?>> batch = new ArrayList<>(BATCH);
        Map<String, String> metadata = Map.of(MetadataKeys.TENANT_ID, tenant.value(), MetadataKeys.ACTOR_ID,
                "bench-seeder", MetadataKeys.ACTOR_TYPE, "system", MetadataKeys.CORRELATION_ID,
                UUID.randomUUID().toString());
        String lastToken = null;
        for (long lead = 0; lead < leads; lead++) {
            LeadId leadId = new LeadId("seed-" + lead);
            String aggregateId = LeadKeys.aggregateId(tenant, leadId);
            long count = perLead + (lead < extra ? 1 : 0);
            LeadStatus status = LeadStatus.NEW;
            for (long sequence = 0; sequence < count; sequence++) {
                Object payload;
                Instant now = Instant.now();
                if (sequence == 0) {
                    payload = new LeadAdded(tenant, leadId, new LeadContact("Seeded Seller " + lead,
                            List.of("+1556" + (2_000_000 + lead % 8_000_000)), null, null), "America/Chicago",
                            "bench-seed", Set.of("seeded"), now);
                } else {
                    LeadStatus next = status == LeadStatus.CONTACTED ? LeadStatus.QUALIFIED : LeadStatus.CONTACTED;
                    payload = new LeadStatusChanged(tenant, leadId, status, next, now);
                    status = next;
                }
                batch.add(new GenericDomainEventMessage<>("Lead", aggregateId, sequence, payload, metadata));
                lastToken = tenant.value() + ":" + aggregateId + ":" + sequence;
                if (batch.size() == BATCH) {
                    appender.append(batch);
                }
            }
        }
        appender.append(batch);
        return lastToken;
    }

    /** Appends one batch of events and their tenant-index rows in one transaction. */
    private record Appender(EventStorageEngine engine, JdbcTemplate jdbc, TransactionTemplate transaction) {

        void append(List<DomainEventMessage<?>> batch) {
            if (batch.isEmpty()) {
                return;
            }
            transaction.executeWithoutResult(status -> {
                engine.appendEvents(batch);
                int[][] indexed = jdbc.batchUpdate("""
                                insert into tenant_event_index
                                    (tenant_id, global_index, aggregate_id, sequence_number, event_type, occurred_at)
                                select ?, globalindex, aggregateidentifier, sequencenumber, ?, ?
                                from domainevententry where eventidentifier = ?""", batch, batch.size(),
                        (statement, message) -> {
                            statement.setString(1, (String) message.getMetaData().get(MetadataKeys.TENANT_ID));
                            statement.setString(2, EventCatalog.wireName(message.getPayloadType()));
                            statement.setObject(3, message.getTimestamp().truncatedTo(ChronoUnit.MICROS)
                                    .atOffset(ZoneOffset.UTC));
                            statement.setString(4, message.getIdentifier());
                        });
                for (int[] rows : indexed) {
                    for (int row : rows) {
                        if (row == 0) {
                            throw new IllegalStateException("an appended event is missing from the event store");
                        }
                    }
                }
            });
            batch.clear();
        }
    }

    private EventSeeder() {
    }
}
