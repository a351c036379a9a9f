package com.nlre.tenancy.query.offboarding;

import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.agent.AgentProjection;
import com.nlre.tenancy.query.billing.BillingTermsProjection;
import com.nlre.tenancy.query.billing.InvoiceProjection;
import com.nlre.tenancy.query.call.CallProjection;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantDataPurge;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.dnc.DncProjection;
import com.nlre.tenancy.query.lead.LeadProjection;
import com.nlre.tenancy.query.projection.EventDecoder;
import com.nlre.tenancy.query.projection.EventProjector;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.tenant.TenantProjection;
import com.nlre.tenancy.query.tenant.TenantSettingsReadModel;
import com.nlre.tenancy.query.usage.UsageProjection;
import com.nlre.tenancy.query.user.UserProjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offboarding on the query side, projected into an in-memory MongoDB without Spring: every document of the tenant
 * goes, in every collection and generation, except its registry record; another tenant using the very same ids keeps
 * everything; redelivery ends in the same state.
 */
class OffboardingProjectionTest {

    private static final Instant CREATED = Instant.parse("2026-10-01T09:00:00Z");
    private static final Instant CANCELED = Instant.parse("2026-10-20T09:00:00Z");
    private static final LeadId LEAD = new LeadId("crm-1");
    private static final AgentId AGENT = new AgentId("sally");

    private static InMemoryMongo mongo;

    private MongoTemplate template;
    private EventProjector projector;
    private final List<TenantId> erased = new ArrayList<>();
    private final OffboardedTenants offboarded = new OffboardedTenants(tenantId -> Optional.empty());
    private final TenantId a = TenantId.generate();
    private final TenantId b = TenantId.generate();

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
        MongoSchema schema = new MongoSchema(template);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BillingTermsProjection terms = new BillingTermsProjection(scoped, schema, TestEvents.JSON);
        List<Projection> projections = List.of(new TenantProjection(scoped, schema), new UserProjection(scoped, schema),
                new LeadProjection(scoped, schema), new CallProjection(scoped, schema), new DncProjection(scoped, schema),
                new AgentProjection(scoped, schema), terms, new InvoiceProjection(scoped, schema, TestEvents.JSON),
                new UsageProjection(scoped, schema, new TenantSettingsReadModel(scoped), terms),
                new OffboardingProjection(new TenantDataPurge(template), List.of(erased::add), offboarded));
        projections.forEach(Projection::createIndexes);
        Clock clock = Clock.fixed(CANCELED, ZoneOffset.UTC);
        ProjectionPositions positions = InMemoryMongo.positions(template, clock);
        projector = new EventProjector(new EventDecoder(TestEvents.JSON, meters, SubjectKeys.none()), projections, positions, clock, meters);
    }

    @Test
    void offboardingDeletesEveryDocumentOfTheTenantButItsRegistryRecordAndLeavesTheOtherTenantIntact() {
        List<EventEnvelope> historyOfA = history(a);
        historyOfA.forEach(this::project);
        history(b).forEach(this::project);
        new TenantScopedMongo(template).insert(a, "access_audit", new Document("_id", "access-a").append("route", "/x"));
        new TenantScopedMongo(template).insert(b, "access_audit", new Document("_id", "access-b").append("route", "/x"));
        template.getCollection("leads__g7").insertOne(new Document("_id", a + "/crm-1").append("tenantId", a.value()));
        template.getCollection("leads__g7").insertOne(new Document("_id", b + "/crm-1").append("tenantId", b.value()));
        assertThat(documentsOf(a).keySet()).as("A has data in every read model")
                .contains("tenants", "tenant_users", "leads", "calls", "do_not_call", "agent_states", "usage_entries",
                        "billing_terms", "access_audit", "leads__g7", "projection_positions");
        Map<String, List<Document>> ofB = documentsOf(b);

        project(tenantEnvelope(new TenantCanceled(a, "closed", CANCELED, CANCELED.plusSeconds(86_400)), 2));
        project(tenantEnvelope(new TenantOffboarded(a, CANCELED, CANCELED, CANCELED.plusSeconds(60), "asked"), 3));

        Map<String, List<Document>> left = documentsOf(a);
        assertThat(left.keySet()).containsOnly("tenants", "projection_positions");
        assertThat(left.get("projection_positions")).as("only the offboarding's own position, for its token")
                .extracting(document -> document.get("_id")).containsExactly(a + "/" + a);
        Document record = left.get("tenants").get(0);
        assertThat(record.getString("status")).isEqualTo("offboarded");
        assertThat(record.getDate("offboardedAt").toInstant()).isEqualTo(CANCELED.plusSeconds(60));
        assertThat(record.getDate("canceledAt").toInstant()).isEqualTo(CANCELED);
        assertThat(record.get("owner")).as("the owner's personal data").isNull();
        assertThat(record.get("businessName")).isNull();
        assertThat(record.get("configuration")).isNull();
        assertThat(record.toJson()).doesNotContain("john@acmere.test", "John Doe", "Maria Garcia");
        assertThat(documentsOf(b)).as("B, with the same lead, agent and numbers, keeps everything").isEqualTo(ofB);
        assertThat(erased).as("the export store's hook").containsExactly(a);
        assertThat(offboarded.isOffboarded(a)).as("access records of A are refused from now on").isTrue();
        assertThat(offboarded.isOffboarded(b)).isFalse();
    }

    @Test
    void aRedeliveryOfTheTenantsWholeHistoryEndsPurgedAsBefore() {
        List<EventEnvelope> historyOfA = new ArrayList<>(history(a));
        historyOfA.add(tenantEnvelope(new TenantCanceled(a, "closed", CANCELED, CANCELED), 2));
        historyOfA.add(tenantEnvelope(new TenantOffboarded(a, CANCELED, CANCELED, CANCELED), 3));
        historyOfA.forEach(this::project);
        Map<String, List<Document>> purged = documentsOf(a);

        historyOfA.forEach(this::project);
        project(historyOfA.get(historyOfA.size() - 1));

        assertThat(documentsOf(a)).isEqualTo(purged);
        assertThat(purged.keySet()).containsOnly("tenants", "projection_positions");
    }

    private List<EventEnvelope> history(TenantId tenant) {
        UserId agentUser = new UserId("user_agent00000001");
        return List.of(
                tenantEnvelope(TestEvents.created(tenant, Plan.PROFESSIONAL, CREATED), 0),
                tenantEnvelope(TestEvents.userAdded(tenant, agentUser, "Jane Smith", "jane@acmere.test", Role.AGENT,
                        CREATED), 1),
                TestEvents.envelope(TestEvents.leadAdded(tenant, LEAD, TestEvents.contact("Maria Garcia",
                        "+15125550101", "1 Main St", "Austin"), CREATED), "Lead", tenant + "." + LEAD.value(), 0,
                        CREATED),
                TestEvents.envelope(new CallLogged(tenant, LEAD, "call-1", CallDirection.OUTBOUND, "+15125550101",
                        agentUser.value(), CREATED, 60, CallOutcome.CONNECTED, "wants an offer", false, false,
                        CREATED), "Lead", tenant + "." + LEAD.value(), 1, CREATED),
                TestEvents.envelope(new DoNotCallNumberAdded(tenant, "+15125550199", "asked", CREATED),
                        "DoNotCallList", tenant + ".dnc", 0, CREATED),
                TestEvents.envelope(new AiAgentRegistered(tenant, AGENT, "Sally", "Qualify inbound sellers", null,
                        "en-US", CREATED), "AiAgent", tenant + "." + AGENT.value(), 0, CREATED));
    }

    private static EventEnvelope tenantEnvelope(TenantEvent event, long sequence) {
        return TestEvents.envelope(event, "Tenant", event.tenantId().value(), sequence, CREATED);
    }

    private void project(EventEnvelope envelope) {
        projector.project(envelope.tenantId(), TestEvents.json(envelope));
    }

    /** Every document of the tenant, by physical collection (collections without any left out). */
    private Map<String, List<Document>> documentsOf(TenantId tenant) {
        Map<String, List<Document>> found = new TreeMap<>();
        for (String collection : template.getCollectionNames()) {
            List<Document> documents = template.getCollection(collection)
                    .find(new Document("tenantId", tenant.value())).sort(new Document("_id", 1))
                    .into(new ArrayList<>());
            if (!documents.isEmpty()) {
                found.put(collection, documents);
            }
        }
        return found;
    }
}
