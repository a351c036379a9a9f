package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.call.CallProjection;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.lead.LeadProjection;
import com.nlre.tenancy.query.projection.Projection;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A forgotten lead's read models keep their shape and counts but lose every personal value, in one tenant only. */
class ForgottenLeadProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");
    private static final String PHONE = "+15125550101";

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final TenantId otherTenant = TenantId.generate();
    private final LeadId leadId = new LeadId("crm-1001");
    private MongoTemplate template;
    private List<Projection> projections;

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
        projections = List.of(new LeadProjection(scoped, new MongoSchema(template)),
                new CallProjection(scoped, new MongoSchema(template)));
        projections.forEach(Projection::createIndexes);
        for (TenantId tenant : List.of(tenantId, otherTenant)) {
            apply(TestEvents.leadAdded(tenant, leadId, TestEvents.contact("Maria Garcia", PHONE, "12 Oak Street",
                    "Austin"), T0), 0);
            apply(new ConsentRecorded(tenant, leadId, PHONE, new ConsentEvidence(T0, "web_form", "v3",
                    "https://sell-fast.example.test/form", "203.0.113.7"), T0), 1);
            apply(new CallLogged(tenant, leadId, "call-1", CallDirection.OUTBOUND, PHONE, "user_agent0001", T0, 95,
                    CallOutcome.CONNECTED, "Maria wants an offer", false, false, T0), 2);
        }
    }

    @Test
    void aForgottenLeadKeepsItsCountsAndConsentStatesButNoPersonalValue() {
        apply(new DataSubjectForgotten(tenantId, "lead", leadId.value(), null, T0), 3);

        Document lead = lead(tenantId);
        assertThat(lead.toJson()).doesNotContain("Maria", "5125550101", "Oak Street", "203.0.113.7", "sell-fast");
        assertThat(lead.getString("name")).isEqualTo("[erased]");
        assertThat(lead.getList("phones", String.class)).isEmpty();
        assertThat(lead.getLong("callCount")).isEqualTo(1);
        Document consent = lead.get("consents", Document.class).get("erased-1", Document.class);
        assertThat(consent.getString("status")).isEqualTo("granted");
        assertThat(consent.getString("phone")).isEqualTo("[erased]");
        List<Document> calls = calls(tenantId);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).toJson()).doesNotContain("Maria", "5125550101");
        assertThat(calls.get(0).getInteger("durationSeconds")).isEqualTo(95);

        assertThat(lead(otherTenant).getString("name")).isEqualTo("Maria Garcia");
        assertThat(calls(otherTenant).get(0).getString("phone")).isEqualTo(PHONE);
    }

    @Test
    void aDeletedLeadsTombstoneIsAnonymisedToo() {
        apply(new LeadDeleted(tenantId, leadId, T0, 0), 3);
        apply(new DataSubjectForgotten(tenantId, "lead", leadId.value(), null, T0), 4);

        assertThat(lead(tenantId).toJson()).doesNotContain("Maria", "5125550101");
    }

    @Test
    void aRedeliveredErasureChangesNothingMore() {
        DataSubjectForgotten forgotten = new DataSubjectForgotten(tenantId, "lead", leadId.value(), null, T0);
        apply(forgotten, 3);
        Document once = lead(tenantId);

        apply(forgotten, 3);

        assertThat(lead(tenantId)).isEqualTo(once);
    }

    private void apply(TenantEvent event, long sequence) {
        projections.forEach(projection -> projection.apply(TestEvents.receivedForLead(event, leadId, sequence)));
    }

    private Document lead(TenantId tenant) {
        return template.getCollection("leads").find(new Document("_id", tenant + "/" + leadId))
                .first();
    }

    private List<Document> calls(TenantId tenant) {
        return template.getCollection("calls").find(new Document("tenantId", tenant.value()))
                .into(new ArrayList<>());
    }
}
