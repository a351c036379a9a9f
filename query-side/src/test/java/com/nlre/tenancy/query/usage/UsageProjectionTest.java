package com.nlre.tenancy.query.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.billing.BillingTermsProjection;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import com.nlre.tenancy.query.tenant.TenantProjection;
import com.nlre.tenancy.query.tenant.TenantSettings;
import com.nlre.tenancy.query.tenant.TenantSettingsReadModel;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage ledger, projected into an in-memory MongoDB without Spring, and the report summed from it. */
class UsageProjectionTest {

    private static final Instant NOV = Instant.parse("2026-11-10T15:00:00Z");
    private static final String AGENT = "user_agent0001";

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private MongoTemplate template;
    private TenantProjection tenantProjection;
    private UsageProjection projection;
    private TenantSettingsReadModel settings;
    private UsageReadModel usage;
    private BillingTermsProjection terms;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        template = mongo.freshTemplate();
        TenantScopedMongo scoped = new TenantScopedMongo(template);
        settings = new TenantSettingsReadModel(scoped);
        tenantProjection = new TenantProjection(scoped, new MongoSchema(template));
        tenantProjection.createIndexes();
        terms = new BillingTermsProjection(scoped, new MongoSchema(template),
                new ObjectMapper().registerModule(new JavaTimeModule()));
        terms.createIndexes();
        projection = new UsageProjection(scoped, new MongoSchema(template), settings, terms);
        projection.createIndexes();
        usage = new UsageReadModel(scoped);
    }

    @Test
    void countsEachEventOnceHoweverOftenItIsDeliveredOrReplayed() {
        createTenant(tenantId);
        List<ReceivedEvent> events = List.of(
                lead(TestEvents.leadAdded(tenantId, new LeadId("crm-1"), TestEvents.contact("Maria Garcia",
                        "+15125550101", "1 Oak St.", "Austin"), NOV), "crm-1", 0, NOV),
                lead(logged(tenantId, "call-1", NOV, 95), "crm-1", 1, NOV.plusSeconds(95)),
                user(TestEvents.userAdded(tenantId, UserId.generate(), "Jane Smith", "jane@acmere.test", Role.AGENT,
                        NOV), 1, NOV));
        events.forEach(projection::apply);
        List<Document> first = all();

        events.forEach(projection::apply);
        for (int i = events.size() - 1; i >= 0; i--) {
            projection.apply(events.get(i));
        }

        assertThat(all()).isEqualTo(first).hasSize(4);
        assertThat(used(report(tenantId, YearMonth.of(2026, 11)))).containsExactly("leads=1", "users=1", "calls=1",
                "call_minutes=2",
                "agents=0", "storage_bytes=0");
    }

    @Test
    void countsLoggedCallsAndTheirStartedMinutesButNeverRefusedCalls() {
        createTenant(tenantId);
        projection.apply(lead(logged(tenantId, "call-1", NOV, 60), "crm-1", 1, NOV));
        projection.apply(lead(logged(tenantId, "call-2", NOV, 61), "crm-1", 2, NOV));
        projection.apply(lead(logged(tenantId, "call-3", NOV, 0), "crm-1", 3, NOV));
        projection.apply(lead(new CallBlocked(tenantId, new LeadId("crm-1"), "call-4", CallDirection.OUTBOUND,
                "+15125550101", AGENT, NOV, "CALL_OUTSIDE_CALLING_WINDOW", "too late", NOV), "crm-1", 4, NOV));

        UsageReport report = report(tenantId, YearMonth.of(2026, 11));

        assertThat(used(report)).containsExactly("leads=0", "users=0", "calls=3", "call_minutes=3",
                "agents=0", "storage_bytes=0");
        assertThat(report.meters()).filteredOn(meter -> meter.meter().equals("calls")).singleElement()
                .satisfies(meter -> {
                    assertThat(meter.limit()).isEqualTo(5_000L);
                    assertThat(meter.overageAllowance()).as("professional sells 5,000 calls beyond").isEqualTo(5_000L);
                    assertThat(meter.remaining()).isEqualTo(9_997L);
                });
        assertThat(report.meters()).filteredOn(meter -> meter.meter().equals("call_minutes")).singleElement()
                .satisfies(meter -> assertThat(meter.limit()).isNull());
        assertThat(all()).extracting(entry -> entry.getString("_id"))
                .allSatisfy(id -> assertThat(id).matches(tenantId + "/[^/]+/(calls|call_minutes)"));
        assertThat(report.asOf().entries()).isEqualTo(6);
    }

    @Test
    void cutsPeriodsAtMidnightInTheTenantsTimeZone() {
        createTenant(tenantId);
        Instant decemberInUtc = Instant.parse("2026-12-01T03:00:00Z");
        projection.apply(lead(logged(tenantId, "call-1", decemberInUtc, 30), "crm-1", 1,
                Instant.parse("2026-12-01T09:00:00Z")));
        projection.apply(lead(TestEvents.leadAdded(tenantId, new LeadId("crm-2"), TestEvents.contact("John Smith",
                "+15125550102", "2 Elm Rd.", "Austin"), decemberInUtc), "crm-2", 0, decemberInUtc));

        assertThat(all()).extracting(entry -> entry.getString("period")).containsOnly("2026-11");
        UsageReport november = report(tenantId, YearMonth.of(2026, 11));
        assertThat(used(november)).containsExactly("leads=1", "users=0", "calls=1", "call_minutes=1",
                "agents=0", "storage_bytes=0");
        assertThat(november.period()).isEqualTo(new UsageReport.Period("2026-11",
                Instant.parse("2026-11-01T07:00:00Z"), Instant.parse("2026-12-01T08:00:00Z"),
                "America/Los_Angeles"));
        assertThat(november.asOf().lastEventAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(used(report(tenantId, YearMonth.of(2026, 12))))
                .containsExactly("leads=1", "users=0", "calls=0", "call_minutes=0",
                "agents=0", "storage_bytes=0");
    }

    @Test
    void cutsPeriodsInNewYorkForATenantNotProjectedYet() {
        projection.apply(lead(logged(tenantId, "call-1", Instant.parse("2026-12-01T04:30:00Z"), 30), "crm-1", 1,
                NOV));
        projection.apply(lead(logged(tenantId, "call-2", Instant.parse("2026-12-01T05:30:00Z"), 30), "crm-1", 2,
                NOV));

        assertThat(all()).extracting(entry -> entry.getString("period"))
                .containsExactlyInAnyOrder("2026-11", "2026-11", "2026-12", "2026-12");
        assertThat(settings.settingsOf(tenantId).zone()).isEqualTo(TenantSettings.DEFAULT_ZONE);
    }

    @Test
    void holdsLeadsAndUsersOverAllTimeAndNeverReportsNegativeRemaining() {
        createTenant(tenantId);
        Instant october = Instant.parse("2026-10-05T12:00:00Z");
        for (int i = 0; i < 12; i++) {
            UserId userId = UserId.generate();
            projection.apply(user(TestEvents.userAdded(tenantId, userId, "User " + i, "u" + i + "@acmere.test",
                    Role.AGENT, october), 10 + i, october));
        }
        projection.apply(user(new TenantUserRemoved(tenantId, UserId.generate(), NOV), 30, NOV));
        projection.apply(lead(TestEvents.leadAdded(tenantId, new LeadId("crm-1"), TestEvents.contact("Maria Garcia",
                "+15125550101", "1 Oak St.", "Austin"), october), "crm-1", 0, october));
        projection.apply(lead(TestEvents.leadAdded(tenantId, new LeadId("crm-2"), TestEvents.contact("John Smith",
                "+15125550102", "2 Elm Rd.", "Austin"), october), "crm-2", 0, october));
        projection.apply(lead(new LeadDeleted(tenantId, new LeadId("crm-1"), NOV), "crm-1", 1, NOV));

        UsageReport report = report(tenantId, YearMonth.of(2026, 11));

        assertThat(report.meters()).extracting(meter -> meter.meter() + "=" + meter.used() + "/" + meter.limit()
                + "/" + meter.remaining()).containsExactly("leads=1/10000/9999", "users=11/10/0", "calls=0/5000/10000",
                "call_minutes=0/null/null", "agents=0/4/4", "storage_bytes=0/107374182400/107374182400");
        assertThat(report.asOf().entries()).isEqualTo(16);
        assertThat(report.asOf().lastEventAt()).isEqualTo(NOV);
    }

    @Test
    void keepsTwoTenantsUsageApartThoughTheyUseTheSameLeadIds() {
        TenantId other = TenantId.generate();
        createTenant(tenantId);
        createTenant(other);
        projection.apply(lead(logged(tenantId, "call-1", NOV, 600), "crm-1", 1, NOV));
        projection.apply(lead(logged(other, "call-1", NOV, 60), "crm-1", 1, NOV));
        projection.apply(lead(logged(other, "call-2", NOV, 60), "crm-1", 2, NOV));

        assertThat(used(report(tenantId, YearMonth.of(2026, 11)))).containsExactly("leads=0", "users=0", "calls=1",
                "call_minutes=10",
                "agents=0", "storage_bytes=0");
        assertThat(used(report(other, YearMonth.of(2026, 11)))).containsExactly("leads=0", "users=0", "calls=2",
                "call_minutes=2",
                "agents=0", "storage_bytes=0");
    }

    @Test
    void declaresTheLedgerIndexesTenantFirst() {
        List<IndexInfo> indexes = template.indexOps(UsageDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).filteredOn(index -> index.getName().equals("tenantId_period_meter")).singleElement()
                .satisfies(index -> assertThat(index.getIndexFields()).extracting(field -> field.getKey())
                        .containsExactly("tenantId", "period", "meter"));
        assertThat(indexes).filteredOn(index -> !index.getName().equals("_id_"))
                .allSatisfy(index -> assertThat(index.getIndexFields().get(0).getKey()).isEqualTo("tenantId"));
    }

    @Test
    void holdsAiAgentsAndRecordingStorageUntilTheyAreRetiredOrTheirLeadIsDeleted() {
        createTenant(tenantId);
        AgentId sarah = new AgentId("agent_sarah");
        projection.apply(TestEvents.receivedForAgent(new AiAgentRegistered(tenantId, sarah, "Sarah",
                "qualify sellers", "alloy", "en-US", NOV), sarah, 0));
        AgentId max = new AgentId("agent_max");
        projection.apply(TestEvents.receivedForAgent(new AiAgentRegistered(tenantId, max, "Max", "follow up",
                "echo", "en-US", NOV), max, 0));
        projection.apply(TestEvents.receivedForAgent(new AiAgentRetired(tenantId, max, NOV), max, 1));
        CallLogged recorded = new CallLogged(tenantId, new LeadId("crm-1"), "call-1", CallDirection.OUTBOUND,
                "+15125550101", AGENT, NOV, 60, CallOutcome.CONNECTED, "notes", true, false, NOV, 5_000_000);
        ReceivedEvent delivered = lead(recorded, "crm-1", 1, NOV);
        projection.apply(delivered);
        projection.apply(delivered);

        assertThat(used(report(tenantId, YearMonth.of(2026, 11)))).contains("agents=1", "storage_bytes=5000000");

        projection.apply(lead(new LeadDeleted(tenantId, new LeadId("crm-1"), NOV.plusSeconds(60), 5_000_000), "crm-1",
                2, NOV.plusSeconds(60)));
        assertThat(used(report(tenantId, YearMonth.of(2026, 11)))).contains("agents=1", "storage_bytes=0");
    }

    private void createTenant(TenantId tenant) {
        ReceivedEvent created = TestEvents.received(TestEvents.created(tenant, Plan.PROFESSIONAL,
                Instant.parse("2026-01-01T00:00:00Z")), 0);
        tenantProjection.apply(created);
        terms.apply(created);
    }

    private UsageReport report(TenantId tenant, YearMonth period) {
        return usage.report(tenant, period, settings.settingsOf(tenant), terms.termsOf(tenant).currentPricing());
    }

    private static CallLogged logged(TenantId tenant, String callId, Instant startedAt, int seconds) {
        return new CallLogged(tenant, new LeadId("crm-1"), callId, CallDirection.OUTBOUND, "+15125550101", AGENT,
                startedAt, seconds, CallOutcome.CONNECTED, "notes", false, false, startedAt.plusSeconds(seconds));
    }

    private static ReceivedEvent lead(TenantEvent event, String leadId, long sequence, Instant occurredAt) {
        EventEnvelope envelope = TestEvents.envelope(event, "Lead", event.tenantId() + "." + leadId, sequence,
                occurredAt);
        return new ReceivedEvent(envelope, event);
    }

    private static ReceivedEvent user(TenantEvent event, long sequence, Instant occurredAt) {
        return new ReceivedEvent(TestEvents.envelope(event, sequence, occurredAt), event);
    }

    private static List<String> used(UsageReport report) {
        return report.meters().stream().map(meter -> meter.meter() + "=" + meter.used()).toList();
    }

    private List<Document> all() {
        return template.getCollection(UsageDocuments.COLLECTION).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }
}
