package com.nlre.tenancy.query.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import com.nlre.tenancy.query.tenant.TenantProjection;
import com.nlre.tenancy.query.tenant.TenantSettingsReadModel;
import com.nlre.tenancy.query.usage.UsageProjection;
import com.nlre.tenancy.query.usage.UsageReadModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage ledger and the bills computed from it are a pure function of the events: a live run that received every
 * event twice (and some batches a third time, out of order across aggregates) and a rebuild that replays every event
 * once into an empty database give byte-identical usage reports, export records and invoices.
 */
class LedgerRebuildTest {

    private static final ObjectMapper JSON = TestEvents.JSON;
    private static final Instant SEPTEMBER = Instant.parse("2026-09-03T15:00:00Z");
    private static final Instant OCTOBER = Instant.parse("2026-10-05T15:00:00Z");

    private static InMemoryMongo mongo;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    /** One read side over its own empty database. */
    private static final class ReadSide {
        final List<Projection> projections = new ArrayList<>();
        final UsageReadModel usage;
        final TenantSettingsReadModel settings;
        final BillingTermsProjection terms;
        final InvoiceProjection invoices;
        final Billing billing;

        ReadSide() {
            MongoTemplate template = mongo.freshTemplate();
            TenantScopedMongo scoped = new TenantScopedMongo(template);
            MongoSchema schema = new MongoSchema(template);
            settings = new TenantSettingsReadModel(scoped);
            terms = new BillingTermsProjection(scoped, schema, JSON);
            invoices = new InvoiceProjection(scoped, schema, JSON);
            usage = new UsageReadModel(scoped);
            projections.add(new TenantProjection(scoped, schema));
            projections.add(terms);
            projections.add(invoices);
            projections.add(new UsageProjection(scoped, schema, settings, terms));
            projections.forEach(Projection::createIndexes);
            billing = new Billing(terms, invoices, usage, Clock.fixed(OCTOBER, ZoneOffset.UTC));
        }

        void apply(EventEnvelope envelope, TenantEvent event) {
            ReceivedEvent received = new ReceivedEvent(envelope, event);
            projections.forEach(projection -> projection.apply(received));
        }

        String figures(TenantId tenantId) throws Exception {
            StringBuilder out = new StringBuilder();
            for (YearMonth month : List.of(YearMonth.of(2026, 9), YearMonth.of(2026, 10))) {
                out.append(JSON.writeValueAsString(usage.report(tenantId, month, settings.settingsOf(tenantId),
                        terms.termsOf(tenantId).currentPricing()))).append('\n');
                out.append(JSON.writeValueAsString(usage.records(tenantId, month, null, 1_000))).append('\n');
                out.append(JSON.writeValueAsString(billing.draft(tenantId, terms.termsOf(tenantId), month)))
                        .append('\n');
            }
            out.append(JSON.writeValueAsString(invoices.invoicesOf(tenantId, 10)));
            return out.toString();
        }
    }

    private record Delivery(EventEnvelope envelope, TenantEvent event) {
    }

    @Test
    void aRebuildFromEveryEventGivesByteIdenticalFiguresToALiveRunThatSawDuplicates() throws Exception {
        TenantId tenantId = TenantId.generate();
        List<Delivery> history = history(tenantId);

        ReadSide live = new ReadSide();
        for (int i = 0; i < history.size(); i++) {
            Delivery delivery = history.get(i);
            live.apply(delivery.envelope(), delivery.event());
            live.apply(delivery.envelope(), delivery.event());
            if (i % 4 == 3) {
                for (int j = i; j > i - 4; j--) {
                    live.apply(history.get(j).envelope(), history.get(j).event());
                }
            }
        }
        ReadSide rebuilt = new ReadSide();
        history.forEach(delivery -> rebuilt.apply(delivery.envelope(), delivery.event()));

        String figures = live.figures(tenantId);
        assertThat(rebuilt.figures(tenantId)).isEqualTo(figures);
        assertThat(figures).contains("\"adjustment\"");
    }

    @Test
    void theLedgerHoldsOneEntryPerUsageEventAndMeterNoMatterHowOftenItArrived() throws Exception {
        TenantId tenantId = TenantId.generate();
        List<Delivery> history = history(tenantId);
        ReadSide live = new ReadSide();
        for (int round = 0; round < 3; round++) {
            history.forEach(delivery -> live.apply(delivery.envelope(), delivery.event()));
        }

        long calls = history.stream().filter(delivery -> delivery.event() instanceof CallLogged).count();
        assertThat(live.usage.callsIn(tenantId, YearMonth.of(2026, 9))
                + live.usage.callsIn(tenantId, YearMonth.of(2026, 10))).isEqualTo(calls);
        assertThat(live.usage.records(tenantId, YearMonth.of(2026, 9), null, 1_000))
                .extracting(record -> record.transactionId()).doesNotHaveDuplicates();
    }

    /**
     * Starter from 3 September; 3 September calls; September invoiced with 3 calls; 2 more September calls arrive
     * late; professional from 16 October; 4 October calls; a user added; a lead added and deleted.
     */
    private static List<Delivery> history(TenantId tenantId) {
        List<Delivery> history = new ArrayList<>();
        tenant(history, TestEvents.created(tenantId, Plan.STARTER, SEPTEMBER), 0, SEPTEMBER);
        tenant(history, TestEvents.userAdded(tenantId, UserId.generate(), "Jane Smith", "jane@acmere.test",
                Role.AGENT, SEPTEMBER), 1, SEPTEMBER);
        LeadId lead = new LeadId("crm-1");
        lead(history, tenantId, lead, TestEvents.leadAdded(tenantId, lead, TestEvents.contact("Maria Garcia",
                "+15125550101", "1 Oak St.", "Austin"), SEPTEMBER), 0, SEPTEMBER);
        long sequence = 1;
        for (int i = 0; i < 3; i++) {
            lead(history, tenantId, lead, call(tenantId, lead, "sep-" + i, SEPTEMBER.plusSeconds(3600L * i)),
                    sequence++, SEPTEMBER.plusSeconds(3600L * i));
        }
        Instant closed = Instant.parse("2026-10-01T09:00:00Z");
        history.add(new Delivery(TestEvents.envelope(septemberInvoice(tenantId, closed), "Invoice",
                tenantId + ".inv-2026-09", 0, closed), septemberInvoice(tenantId, closed)));
        for (int i = 0; i < 2; i++) {
            Instant lateStart = Instant.parse("2026-09-30T20:00:00Z").plusSeconds(60L * i);
            lead(history, tenantId, lead, call(tenantId, lead, "late-" + i, lateStart), sequence++,
                    closed.plusSeconds(60L * (i + 1)));
        }
        Instant upgrade = Instant.parse("2026-10-16T07:00:00Z");
        tenant(history, new TenantPlanChanged(tenantId, Plan.STARTER, Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestEvents.pricing(Plan.PROFESSIONAL), upgrade), 2,
                upgrade);
        for (int i = 0; i < 4; i++) {
            lead(history, tenantId, lead, call(tenantId, lead, "oct-" + i, OCTOBER.plusSeconds(3600L * i)),
                    sequence++, OCTOBER.plusSeconds(3600L * i));
        }
        LeadId gone = new LeadId("crm-2");
        lead(history, tenantId, gone, TestEvents.leadAdded(tenantId, gone, TestEvents.contact("John Smith",
                "+15125550102", "2 Elm Rd.", "Austin"), OCTOBER), 0, OCTOBER);
        lead(history, tenantId, gone, new LeadDeleted(tenantId, gone, OCTOBER.plusSeconds(60)), 1,
                OCTOBER.plusSeconds(60));
        return history;
    }

    private static InvoiceIssued septemberInvoice(TenantId tenantId, Instant issuedAt) {
        Instant start = Instant.parse("2026-09-01T07:00:00Z");
        Instant end = Instant.parse("2026-10-01T07:00:00Z");
        return new InvoiceIssued(tenantId, InvoiceId.of(YearMonth.of(2026, 9)), "2026-09", start, end, "USD",
                List.of(new InvoiceLine(InvoiceLine.Kind.BASE_FEE, "Starter plan", null, "2026-09", 1, 9_900, 9_240,
                        Instant.parse("2026-09-03T15:00:00Z"), end)),
                Map.of("calls", 3L), 9_240, issuedAt);
    }

    private static CallLogged call(TenantId tenantId, LeadId lead, String callId, Instant startedAt) {
        return new CallLogged(tenantId, lead, callId, CallDirection.OUTBOUND, "+15125550101", "user_agent0001",
                startedAt, 61, CallOutcome.CONNECTED, "notes", false, false, startedAt.plusSeconds(61), 0);
    }

    private static void tenant(List<Delivery> history, TenantEvent event, long sequence, Instant at) {
        history.add(new Delivery(TestEvents.envelope(event, "Tenant", event.tenantId().value(), sequence, at), event));
    }

    private static void lead(List<Delivery> history, TenantId tenantId, LeadId lead, TenantEvent event, long sequence,
                             Instant at) {
        history.add(new Delivery(TestEvents.envelope(event, "Lead", tenantId + "." + lead.value(), sequence, at),
                event));
    }
}
