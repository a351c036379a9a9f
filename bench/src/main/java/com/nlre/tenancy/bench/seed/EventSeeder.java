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
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Seeds one tenant's event volume for the replay, history and noisy-neighbour measurements, far faster than over HTTP
 * but through the command side's own machinery: it starts the command side's application context (another instance,
 * on a random port, same event store and Kafka) and appends real {@code events-api} events with its {@link EventStore}
 * in transactions of {@value #BATCH} events. So the configured serializer writes the payloads, and the subscribing
 * processors that run in the event's transaction (the {@code tenant_event_index} among them) see every event; the
 * Kafka outbox then publishes them like any other. Skipped on purpose: the command handlers, so quota counters do not
 * count seeded leads (the tenant is an enterprise tenant without limits).
 *
 * <p>Each lead gets {@code LeadAdded}, then {@code LeadStatusChanged} moves contacted ⇄ qualified up to its share of
 * events. Run by {@code bench.sh} as
 * {@code java -cp command-side-exec.jar -Dloader.path=bench.jar -Dloader.main=…EventSeeder PropertiesLauncher
 * <tenantId> <events> <leads>}; prints {@code SEEDED token=<consistency token of the last event>}.
 */
public final class EventSeeder {

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
            EventStore store = context.getBean(EventStore.class);
            TransactionManager transactions = context.getBean(TransactionManager.class);
            long started = System.nanoTime();
            String token = seed(store, transactions, tenant, events, leads);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("SEEDED events=%d leads=%d seconds=%.1f rate=%.0f token=%s%n", events, leads, seconds,
                    events / seconds, token);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            context.close();
        }
        System.exit(exit);
    }

    private static String seed(EventStore store, TransactionManager transactions, TenantId tenant, long events,
                               long leads) {
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
                    append(store, transactions, batch);
                }
            }
        }
        append(store, transactions, batch);
        return lastToken;
    }

    private static void append(EventStore store, TransactionManager transactions, List<DomainEventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            store.publish(batch);
            unitOfWork.commit();
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
        batch.clear();
    }

    private EventSeeder() {
    }
}
