package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.web.ProblemException;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The calls read model, projected into an in-memory MongoDB without Spring. */
class CallProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");
    private static final String AGENT = "user_agent0001";

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final LeadId leadId = new LeadId("crm-1001");
    private MongoTemplate template;
    private CallProjection projection;
    private CallReadModel calls;
    private long sequence;

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
        projection = new CallProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        calls = new CallReadModel(scoped);
    }

    @Test
    void storesALoggedCallAndARefusedCallWithTheRuleThatRefusedIt() {
        apply(logged(tenantId, leadId, "call-1", AGENT, T0));
        apply(blocked(tenantId, leadId, "call-2", AGENT, T0.plusSeconds(60)));

        List<CallView> history = calls.recent(tenantId, leadId, 10);
        assertThat(history).extracting(CallView::callId).containsExactly("call-2", "call-1");
        CallView refused = history.get(0);
        assertThat(refused.blocked()).isTrue();
        assertThat(refused.rule()).isEqualTo("CALL_OUTSIDE_CALLING_WINDOW");
        assertThat(refused.reason()).isEqualTo("20:01 in America/Chicago, window ends 20:00");
        assertThat(refused.initiatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(refused.durationSeconds()).isNull();
        assertThat(refused.outcome()).isNull();
        CallView made = history.get(1);
        assertThat(made).isEqualTo(new CallView("call-1", "crm-1001", CallDirection.OUTBOUND, "+15125550101", AGENT,
                T0, 95, CallOutcome.CONNECTED, "Wants an offer", true, false, false, null, null,
                T0.plusSeconds(95)));
        Document stored = template.getCollection(CallDocuments.COLLECTION)
                .find(new Document("callId", "call-1")).first();
        assertThat(stored.getString("tenantId")).isEqualTo(tenantId.value());
        assertThat(stored.getDate("initiatedAt").toInstant()).isEqualTo(T0);
    }

    @Test
    void storesEachCallOnceHoweverOftenItIsDelivered() {
        CallLogged call = logged(tenantId, leadId, "call-1", AGENT, T0);
        CallBlocked refused = blocked(tenantId, leadId, "call-2", AGENT, T0.plusSeconds(1));
        apply(call, 3);
        apply(refused, 4);
        List<Document> first = all();

        apply(refused, 4);
        apply(call, 3);
        apply(call, 3);

        assertThat(all()).isEqualTo(first).hasSize(2);
    }

    @Test
    void keepsARefusedAttemptAndTheCallThatFollowedUnderTheSameCallId() {
        apply(blocked(tenantId, leadId, "crm-call-7", AGENT, T0), 1);
        apply(logged(tenantId, leadId, "crm-call-7", AGENT, T0.plusSeconds(600)), 2);

        assertThat(calls.recent(tenantId, leadId, 10)).extracting(call -> call.callId() + ":" + call.blocked())
                .containsExactly("crm-call-7:false", "crm-call-7:true");
    }

    @Test
    void pagesThroughALeadsCallsNewestFirstWithTiesLatestRecordedFirst() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String callId = String.format("call-%02d", i);
            apply(i % 3 == 0 ? blocked(tenantId, leadId, callId, AGENT, T0.plusSeconds(i / 2))
                    : logged(tenantId, leadId, callId, AGENT, T0.plusSeconds(i / 2)));
        }
        apply(logged(tenantId, new LeadId("other-lead"), "call-xx", AGENT, T0.plusSeconds(3)));
        for (int i = 11; i >= 0; i--) {
            expected.add(String.format("call-%02d", i));
        }

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            CallPage page = calls.forLead(tenantId, leadId, new CursorParameters(5, cursor));
            page.items().forEach(call -> paged.add(call.callId()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(paged).isEqualTo(expected);
        assertThat(calls.recent(tenantId, leadId, 10)).hasSize(10);
    }

    @Test
    void listsAnAgentsCallsWithinATimeRange() {
        apply(logged(tenantId, leadId, "call-1", AGENT, T0));
        apply(blocked(tenantId, leadId, "call-2", AGENT, T0.plusSeconds(10)));
        apply(logged(tenantId, new LeadId("crm-1002"), "call-3", AGENT, T0.plusSeconds(20)));
        apply(logged(tenantId, leadId, "call-4", "user_agent0002", T0.plusSeconds(15)));

        assertThat(ids(calls.list(tenantId, AGENT, null, null, new CursorParameters(10, null))))
                .containsExactly("call-3", "call-2", "call-1");
        assertThat(ids(calls.list(tenantId, AGENT, T0.plusSeconds(10), T0.plusSeconds(20),
                new CursorParameters(10, null)))).containsExactly("call-2");
        assertThat(ids(calls.list(tenantId, null, T0.plusSeconds(10), null, new CursorParameters(10, null))))
                .containsExactly("call-3", "call-4", "call-2");
        assertThat(ids(calls.list(tenantId, "user_nobody00", null, null, new CursorParameters(10, null)))).isEmpty();
    }

    @Test
    void keepsTwoTenantsCallsWithTheSameIdsApart() {
        TenantId other = TenantId.generate();
        apply(logged(tenantId, leadId, "call-1", AGENT, T0));
        apply(blocked(other, leadId, "call-1", AGENT, T0));

        assertThat(calls.recent(tenantId, leadId, 10)).singleElement()
                .satisfies(call -> assertThat(call.blocked()).isFalse());
        assertThat(calls.recent(other, leadId, 10)).singleElement()
                .satisfies(call -> assertThat(call.blocked()).isTrue());
        assertThat(calls.list(tenantId, AGENT, null, null, new CursorParameters(10, null)).items()).hasSize(1);
    }

    @Test
    void refusesACursorOfAnotherList() {
        assertThatThrownBy(() -> calls.forLead(tenantId, leadId, new CursorParameters(5, "bm90LWEtY3Vyc29y")))
                .isInstanceOf(ProblemException.class).hasMessageStartingWith("cursor:");
    }

    @Test
    void declaresTheSeedsIndexesAllTenantFirst() {
        List<IndexInfo> indexes = template.indexOps(CallDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).extracting(IndexInfo::getName).contains(
                "tenantId_leadId_initiatedAt", "tenantId_agentId_initiatedAt", "tenantId_initiatedAt")
                .doesNotContain("tenantId_callId_unique");
        assertThat(indexes).filteredOn(index -> !index.getName().equals("_id_"))
                .allSatisfy(index -> assertThat(index.getIndexFields().get(0).getKey()).isEqualTo("tenantId"));
        assertThat(indexes).filteredOn(index -> index.getName().equals("tenantId_leadId_initiatedAt"))
                .singleElement().satisfies(index -> assertThat(index.getIndexFields())
                        .extracting(field -> field.getKey() + ":" + field.getDirection())
                        .containsExactly("tenantId:ASC", "leadId:ASC", "initiatedAt:DESC"));
    }

    private static CallLogged logged(TenantId tenant, LeadId lead, String callId, String agent, Instant startedAt) {
        return new CallLogged(tenant, lead, callId, CallDirection.OUTBOUND, "+15125550101", agent, startedAt, 95,
                CallOutcome.CONNECTED, "Wants an offer", true, false, startedAt.plusSeconds(95));
    }

    private static CallBlocked blocked(TenantId tenant, LeadId lead, String callId, String agent,
                                       Instant attemptedAt) {
        return new CallBlocked(tenant, lead, callId, CallDirection.OUTBOUND, "+15125550101", agent, attemptedAt,
                "CALL_OUTSIDE_CALLING_WINDOW", "20:01 in America/Chicago, window ends 20:00", attemptedAt);
    }

    private void apply(TenantEvent event) {
        apply(event, ++sequence);
    }

    private void apply(TenantEvent event, long sequence) {
        LeadId lead = event instanceof CallLogged logged ? logged.leadId() : ((CallBlocked) event).leadId();
        projection.apply(TestEvents.receivedForLead(event, lead, sequence));
    }

    private List<Document> all() {
        return template.getCollection(CallDocuments.COLLECTION).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    private static List<String> ids(CallPage page) {
        return page.items().stream().map(CallView::callId).toList();
    }
}
