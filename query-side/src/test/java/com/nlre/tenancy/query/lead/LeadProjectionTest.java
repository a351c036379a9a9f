package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadContactUpdated;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.lead.LeadUntagged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leads read model, projected into an in-memory MongoDB without Spring. */
class LeadProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");
    private static final ConsentEvidence WEB_FORM = new ConsentEvidence(T0.minusSeconds(86_400), "web_form", "v3",
            "https://sell-fast.example.test/form", "203.0.113.7");

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final LeadId leadId = new LeadId("crm-1001");
    private MongoTemplate template;
    private LeadProjection projection;
    private LeadReadModel leads;

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
        projection = new LeadProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        leads = new LeadReadModel(scoped, new CrossTenantMongo(template, new SimpleMeterRegistry()));
    }

    @Test
    void storesAnAddedLeadAsNewWithItsContactAndTagsAndNoCalls() {
        apply(TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0, "probate", "absentee"), 0);

        LeadView lead = leads.find(tenantId, leadId).orElseThrow();
        assertThat(lead.leadId()).isEqualTo("crm-1001");
        assertThat(lead.name()).isEqualTo("Maria Garcia");
        assertThat(lead.phones()).containsExactly("+15125550101");
        assertThat(lead.email()).isEqualTo("maria.garcia@owner.test");
        assertThat(lead.propertyAddress()).isEqualTo(new LeadView.PropertyAddress("12 Oak Street", "Austin", "TX",
                "78701"));
        assertThat(lead.timezone()).isEqualTo("America/Chicago");
        assertThat(lead.source()).isEqualTo("county-records");
        assertThat(lead.tags()).containsExactly("absentee", "probate");
        assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
        assertThat(lead.assigneeUserId()).isNull();
        assertThat(lead.consent()).isEmpty();
        assertThat(lead.callCount()).isZero();
        assertThat(lead.lastCallAt()).isNull();
        assertThat(lead.createdAt()).isEqualTo(T0);
        assertThat(lead.version()).isZero();
        Document stored = stored(tenantId, leadId);
        assertThat(stored.getString("_id")).isEqualTo(tenantId + "/crm-1001");
        assertThat(stored.getString("tenantId")).isEqualTo(tenantId.value());
        assertThat(stored.getBoolean("deleted")).isFalse();
    }

    @Test
    void followsEveryChangeOfTheLead() {
        apply(TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0, "probate"), 0);
        apply(new LeadContactUpdated(tenantId, leadId, new LeadContact("Maria G. Lopez",
                List.of("+15125550199", "+15125550101"), "maria@new.test",
                new LeadContact.PropertyAddress("9 Elm Road", "Dallas", "TX", "75201")), "America/Denver",
                T0.plusSeconds(1)), 1);
        apply(new LeadStatusChanged(tenantId, leadId, LeadStatus.NEW, LeadStatus.CONTACTED, T0.plusSeconds(2)), 2);
        apply(new LeadAssigned(tenantId, leadId, "user_agent0001", T0.plusSeconds(3)), 3);
        apply(new LeadTagged(tenantId, leadId, "hot", T0.plusSeconds(4)), 4);
        apply(new LeadUntagged(tenantId, leadId, "probate", T0.plusSeconds(5)), 5);

        LeadView lead = leads.find(tenantId, leadId).orElseThrow();
        assertThat(lead.name()).isEqualTo("Maria G. Lopez");
        assertThat(lead.phones()).containsExactly("+15125550199", "+15125550101");
        assertThat(lead.email()).isEqualTo("maria@new.test");
        assertThat(lead.propertyAddress().city()).isEqualTo("Dallas");
        assertThat(lead.timezone()).isEqualTo("America/Denver");
        assertThat(lead.status()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(lead.assigneeUserId()).isEqualTo("user_agent0001");
        assertThat(lead.tags()).containsExactly("hot");
        assertThat(lead.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(lead.version()).isEqualTo(5);

        apply(new LeadAssigned(tenantId, leadId, null, T0.plusSeconds(6)), 6);
        assertThat(leads.find(tenantId, leadId).orElseThrow().assigneeUserId()).isNull();
    }

    @Test
    void keepsConsentPerNumberAndShowsWhereItCameFromOnlyInTheDetail() {
        apply(TestEvents.leadAdded(tenantId, leadId, new LeadContact("Maria Garcia",
                List.of("+15125550101", "+15125550102"), null, null), T0), 0);
        apply(new ConsentRecorded(tenantId, leadId, "+15125550102", WEB_FORM, T0.plusSeconds(1)), 1);
        apply(new ConsentRecorded(tenantId, leadId, "+15125550101", WEB_FORM, T0.plusSeconds(2)), 2);
        apply(new ConsentRevoked(tenantId, leadId, "+15125550102", T0.plusSeconds(3)), 3);

        List<ConsentView> consent = leads.find(tenantId, leadId).orElseThrow().consent();
        assertThat(consent).extracting(ConsentView::phone).containsExactly("+15125550101", "+15125550102");
        ConsentView granted = consent.get(0);
        assertThat(granted.status()).isEqualTo(ConsentView.Status.GRANTED);
        assertThat(granted.evidence()).isEqualTo(new ConsentView.Evidence(WEB_FORM.givenAt(), "web_form", "v3",
                "https://sell-fast.example.test/form", "203.0.113.7"));
        assertThat(granted.recordedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(granted.revokedAt()).isNull();
        ConsentView revoked = consent.get(1);
        assertThat(revoked.status()).isEqualTo(ConsentView.Status.REVOKED);
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(revoked.evidence().method()).isEqualTo("web_form");

        List<ConsentView> listed = leads.list(tenantId, LeadFilter.NONE, LeadOrder.NEWEST_FIRST,
                new CursorParameters(10, null)).items().get(0).consent();
        assertThat(listed).extracting(view -> view.evidence().sourceIp()).containsOnlyNulls();
        assertThat(listed).extracting(view -> view.evidence().method()).containsOnly("web_form");

        apply(new ConsentRecorded(tenantId, leadId, "+15125550102", WEB_FORM, T0.plusSeconds(4)), 4);
        ConsentView regranted = leads.find(tenantId, leadId).orElseThrow().consent().get(1);
        assertThat(regranted.status()).isEqualTo(ConsentView.Status.GRANTED);
        assertThat(regranted.revokedAt()).isNull();
    }

    @Test
    void keepsConsentOfANumberThatIsNotAFieldNameSafely() {
        apply(TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0), 0);
        apply(new ConsentRecorded(tenantId, leadId, "$where.1", WEB_FORM, T0.plusSeconds(1)), 1);

        assertThat(leads.find(tenantId, leadId).orElseThrow().consent()).extracting(ConsentView::phone)
                .containsExactly("$where.1");
    }

    @Test
    void countsLoggedAndBlockedCallsWithoutChangingUpdatedAt() {
        apply(TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0), 0);
        apply(logged("call-1", T0.plusSeconds(60)), 1);
        apply(blocked("call-2", T0.plusSeconds(120)), 2);
        apply(logged("call-3", T0.plusSeconds(30)), 3);

        LeadView lead = leads.find(tenantId, leadId).orElseThrow();
        assertThat(lead.callCount()).isEqualTo(2);
        assertThat(lead.blockedCallCount()).isEqualTo(1);
        assertThat(lead.lastCallAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(lead.updatedAt()).isEqualTo(T0);
        assertThat(lead.version()).isEqualTo(3);
    }

    @Test
    void appliesEachEventOnceEvenWhenTheWholeHistoryIsRedelivered() {
        List<TenantEvent> history = history();
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }
        Document afterFirstDelivery = stored(tenantId, leadId);

        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }

        assertThat(stored(tenantId, leadId)).isEqualTo(afterFirstDelivery);
        LeadView lead = leads.find(tenantId, leadId).orElseThrow();
        assertThat(lead.callCount()).isEqualTo(1);
        assertThat(lead.blockedCallCount()).isEqualTo(1);
        assertThat(lead.tags()).containsExactly("hot");
    }

    @Test
    void ignoresOldEventsArrivingAfterNewerOnes() {
        List<TenantEvent> history = history();
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }
        Document current = stored(tenantId, leadId);

        for (int i = history.size() - 1; i >= 0; i--) {
            apply(history.get(i), i);
        }

        assertThat(stored(tenantId, leadId)).isEqualTo(current);
        assertThat(leads.find(tenantId, leadId).orElseThrow().status()).isEqualTo(LeadStatus.QUALIFIED);
    }

    @Test
    void keepsADeletedLeadAsATombstoneThatNoReplayRevives() {
        List<TenantEvent> history = history();
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }
        int deletedAt = history.size();
        apply(new LeadDeleted(tenantId, leadId, T0.plusSeconds(100)), deletedAt);

        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }
        apply(new LeadTagged(tenantId, leadId, "revived?", T0.plusSeconds(101)), deletedAt + 1);

        assertThat(leads.find(tenantId, leadId)).isEmpty();
        assertThat(leads.exists(tenantId, leadId)).isFalse();
        assertThat(leads.list(tenantId, LeadFilter.NONE, LeadOrder.NEWEST_FIRST, new CursorParameters(10, null))
                .items()).isEmpty();
        assertThat(leads.pipeline(tenantId).total()).isZero();
        Document tombstone = stored(tenantId, leadId);
        assertThat(tombstone.getBoolean("deleted")).isTrue();
        assertThat(tombstone.getDate("deletedAt").toInstant()).isEqualTo(T0.plusSeconds(100));
        assertThat(tombstone.getList("tags", String.class)).doesNotContain("revived?");
        assertThat(tombstone.get("version", Number.class).longValue()).isEqualTo(deletedAt);
        assertThat(leads.tenantHolding(tenantId, leadId)).contains(tenantId);
    }

    @Test
    void keepsTwoTenantsLeadsWithTheSameIdApart() {
        TenantId other = TenantId.generate();
        apply(TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0), 0);
        apply(TestEvents.leadAdded(other, leadId, contact("Maria Garcia"), T0), 0);

        apply(new LeadStatusChanged(other, leadId, LeadStatus.NEW, LeadStatus.CONTACTED, T0.plusSeconds(1)), 1);
        apply(new LeadDeleted(other, leadId, T0.plusSeconds(2)), 2);

        LeadView mine = leads.find(tenantId, leadId).orElseThrow();
        assertThat(mine.status()).isEqualTo(LeadStatus.NEW);
        assertThat(mine.version()).isZero();
        assertThat(leads.find(other, leadId)).isEmpty();
        assertThat(template.getCollection(LeadDocuments.COLLECTION).countDocuments()).isEqualTo(2);
    }

    @Test
    void findsWhichTenantHoldsAnIdOnlyThroughTheProbe() {
        TenantId other = TenantId.generate();
        LeadId othersOnly = new LeadId("only-theirs");
        apply(TestEvents.leadAdded(other, othersOnly, contact("Maria Garcia"), T0), 0);

        assertThat(leads.find(tenantId, othersOnly)).isEmpty();
        assertThat(leads.tenantHolding(tenantId, othersOnly)).contains(other);
        assertThat(leads.tenantHolding(tenantId, new LeadId("nobody-has-it"))).isEmpty();
    }

    @Test
    void declaresTheSeedsIndexesAllTenantFirstWithAUniqueLeadIdPerTenant() {
        List<IndexInfo> indexes = template.indexOps(LeadDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).extracting(IndexInfo::getName).contains("tenantId_leadId_unique",
                "tenantId_status_createdAt", "tenantId_createdAt_leadId", "tenantId_assigneeUserId_createdAt",
                "tenantId_tags", "tenantId_nameSort_leadId", "leadId");
        assertThat(indexes).filteredOn(index -> !index.getName().equals("_id_") && !index.getName().equals("leadId"))
                .allSatisfy(index -> assertThat(index.getIndexFields().get(0).getKey()).isEqualTo("tenantId"));
        IndexInfo seed = indexes.stream().filter(index -> index.getName().equals("tenantId_status_createdAt"))
                .findFirst().orElseThrow();
        assertThat(seed.getIndexFields()).extracting(field -> field.getKey() + ":" + field.getDirection())
                .containsExactly("tenantId:ASC", "status:ASC", "createdAt:DESC");
        template.insert(new Document("_id", "one").append("tenantId", tenantId.value()).append("leadId", "x"),
                LeadDocuments.COLLECTION);
        assertThatThrownBy(() -> template.insert(new Document("_id", "two").append("tenantId", tenantId.value())
                .append("leadId", "x"), LeadDocuments.COLLECTION)).isInstanceOf(DuplicateKeyException.class);
    }

    /** One lead's stream: sequence = position. */
    private List<TenantEvent> history() {
        return List.of(
                TestEvents.leadAdded(tenantId, leadId, contact("Maria Garcia"), T0),
                new ConsentRecorded(tenantId, leadId, "+15125550101", WEB_FORM, T0.plusSeconds(1)),
                new LeadStatusChanged(tenantId, leadId, LeadStatus.NEW, LeadStatus.CONTACTED, T0.plusSeconds(2)),
                logged("call-1", T0.plusSeconds(3)),
                blocked("call-2", T0.plusSeconds(4)),
                new LeadTagged(tenantId, leadId, "hot", T0.plusSeconds(5)),
                new LeadStatusChanged(tenantId, leadId, LeadStatus.CONTACTED, LeadStatus.QUALIFIED,
                        T0.plusSeconds(6)));
    }

    private CallLogged logged(String callId, Instant startedAt) {
        return new CallLogged(tenantId, leadId, callId, CallDirection.OUTBOUND, "+15125550101", "user_agent0001",
                startedAt, 95, CallOutcome.CONNECTED, "Wants an offer", false, false, startedAt.plusSeconds(95));
    }

    private CallBlocked blocked(String callId, Instant attemptedAt) {
        return new CallBlocked(tenantId, leadId, callId, CallDirection.OUTBOUND, "+15125550101", "user_agent0001",
                attemptedAt, "CALL_OUTSIDE_CALLING_WINDOW", "20:01 in America/Chicago", attemptedAt);
    }

    private static LeadContact contact(String name) {
        return TestEvents.contact(name, "+15125550101", "12 Oak Street", "Austin");
    }

    private void apply(TenantEvent event, long sequence) {
        projection.apply(TestEvents.receivedForLead(event, leadOf(event), sequence));
    }

    private LeadId leadOf(TenantEvent event) {
        return event instanceof LeadAdded added ? added.leadId() : leadId;
    }

    private Document stored(TenantId tenant, LeadId lead) {
        return template.getCollection(LeadDocuments.COLLECTION).find(new Document("_id", tenant + "/" + lead)).first();
    }
}
