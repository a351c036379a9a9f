package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import com.nlre.tenancy.query.data.ReadModelGenerations;
import com.nlre.tenancy.query.data.ReadModelGenerations.Generation;
import com.nlre.tenancy.web.ConsistencyToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilding read models from the (stub) command side's event stream: every envelope the tests publish is first
 * recorded in {@link StubCommandSide}'s event store, so the stream holds exactly what the live consumer projected.
 */
class RebuildIntegrationTest extends QuerySideIntegrationTest {

    /** Every read model the projections keep. */
    private static final List<String> READ_MODELS = List.of("tenants", "tenant_users", "api_keys", "leads", "calls",
            "do_not_call", "usage_entries", "billing_terms", "invoices", "agent_states",
            ProjectionPositions.COLLECTION);
    private static final LeadId SHARED_LEAD = new LeadId("crm-7001");
    private static final LeadId DELETED_LEAD = new LeadId("crm-7002");
    private static final AgentId SHARED_AGENT = new AgentId("agent_rebuild01");
    private static final String AGENT = "user_rebuildagent1";

    @Autowired
    private MongoTemplate mongo;
    @Autowired
    private ReadModelGenerations generations;

    private record Tenant(TenantId id, UserId owner, Instant at) {

        String billing() {
            return TestJwts.token(id, owner, Role.OWNER, EnumSet.of(Permission.BILLING_VIEW, Permission.LEADS_READ));
        }
    }

    @AfterEach
    void streamAnswersPromptlyAgain() {
        COMMAND_SIDE.delayEventPages(0);
    }

    @Test
    void rebuildsEveryReadModelIntoANewGenerationEqualToTheLiveOneWhileReadsGoOn() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();
        Tenant busy = seededTenant();
        Map<Tenant, String> figuresBefore = new LinkedHashMap<>();
        for (Tenant tenant : List.of(a, b)) {
            figuresBefore.put(tenant, figures(tenant));
        }
        long liveBefore = generations.live().number();
        COMMAND_SIDE.delayEventPages(30);

        String rebuildId = start(null);
        int readsWhileRunning = 0;
        LeadId addedDuringRebuild = new LeadId("crm-during-rebuild");
        while (!state(rebuildId).equals("COMPLETED")) {
            assertThat(state(rebuildId)).isNotEqualTo("FAILED");
            ResponseEntity<JsonNode> leads = get("/api/v1/leads/" + SHARED_LEAD, bearer(a.billing()));
            assertThat(leads.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(leads.getBody().path("status").asText()).isEqualTo("contacted");
            if (readsWhileRunning++ == 0) {
                lead(busy, addedDuringRebuild, 0, TestEvents.leadAdded(busy.id(), addedDuringRebuild,
                        TestEvents.contact("Late Owner", "+15125550177", "9 Bay St.", "Austin"), busy.at()));
            }
            pause();
        }
        assertThat(readsWhileRunning).as("live reads answered while the rebuild ran").isGreaterThan(1);

        Generation live = generations.live();
        Generation previous = generations.previous();
        assertThat(live.number()).isGreaterThan(liveBefore);
        assertThat(previous).isNotNull();
        assertThat(live.collections()).containsAll(READ_MODELS);
        for (String readModel : READ_MODELS) {
            assertThat(documents(live.physical(readModel)))
                    .as(readModel + ": rebuilt generation " + live.number() + " against generation " + previous.number())
                    .isEqualTo(documents(previous.physical(readModel)));
        }
        assertThat(documents(live.physical("leads"))).anySatisfy(lead ->
                assertThat(lead.get("leadId")).isEqualTo(addedDuringRebuild.value()));
        for (Tenant tenant : List.of(a, b)) {
            assertThat(figures(tenant)).isEqualTo(figuresBefore.get(tenant));
        }

        LeadId afterSwitch = new LeadId("crm-after-switch");
        lead(b, afterSwitch, 0, TestEvents.leadAdded(b.id(), afterSwitch,
                TestEvents.contact("New Owner", "+15125550178", "8 Bay St.", "Austin"), Instant.now()));
        awaitLead(b, afterSwitch, 0);
    }

    @Test
    void rebuildsOneTenantAndLeavesAnotherTenantWithTheSameIdsUntouched() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();
        Map<String, List<Document>> aBefore = tenantDocuments(a.id());
        String aFigures = figures(a);
        // damage both tenants' live lead documents, as a faulty projection would have, and leave a stray one in a's
        String leads = generations.resolve("leads");
        for (Tenant tenant : List.of(a, b)) {
            mongo.getCollection(leads).updateOne(new Document("_id", tenant.id() + "/" + SHARED_LEAD.value()),
                    new Document("$set", new Document("status", "LOST")));
        }
        mongo.getCollection(leads).insertOne(new Document("_id", a.id() + "/stray").append("tenantId", a.id().value())
                .append("leadId", "stray"));
        Map<String, List<Document>> bDamaged = tenantDocuments(b.id());
        long liveGeneration = generations.live().number();

        String rebuildId = start(a.id());
        await().atMost(CATCH_UP).until(() -> !state(rebuildId).equals("RUNNING") && !state(rebuildId)
                .equals("SWITCHING"));

        JsonNode finished = asOperator("/api/v1/operator/rebuilds/" + rebuildId, new HttpHeaders()).getBody();
        assertThat(finished.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(finished.path("tenantId").asText()).isEqualTo(a.id().value());
        assertThat(finished.path("eventsRead").asLong()).isEqualTo(15);
        assertThat(finished.path("position").asLong()).isPositive();
        assertThat(generations.live().number()).isEqualTo(liveGeneration);
        assertThat(tenantDocuments(a.id())).isEqualTo(aBefore);
        assertThat(figures(a)).isEqualTo(aFigures);
        assertThat(tenantDocuments(b.id())).isEqualTo(bDamaged);
        assertThat(mongo.getCollection(leads).find(new Document("_id", b.id() + "/" + SHARED_LEAD.value())).first()
                .getString("status")).isEqualTo("LOST");
    }

    @Test
    void onlyOperatorsStartOrFollowRebuildsAndOneRunsAtATime() {
        Tenant a = seededTenant();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        HttpHeaders tenantCredential = bearer(a.billing());
        tenantCredential.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> byTenant = rest.exchange("/api/v1/operator/rebuilds", HttpMethod.POST,
                new HttpEntity<>("{\"tenantId\":\"" + a.id() + "\"}", tenantCredential), JsonNode.class);
        assertThat(byTenant.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(byTenant, "unauthenticated");
        ResponseEntity<JsonNode> followByTenant = get("/api/v1/operator/rebuilds/rb_unknown", bearer(a.billing()));
        assertThat(followByTenant.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<JsonNode> invalid = rest.withBasicAuth(OPERATOR, PASSWORD).exchange("/api/v1/operator/rebuilds",
                HttpMethod.POST, new HttpEntity<>("{\"tenantId\":\"not a tenant\"}", json), JsonNode.class);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getBody().path("errors").get(0).path("field").asText()).isEqualTo("tenantId");
        ResponseEntity<JsonNode> unknown = asOperator("/api/v1/operator/rebuilds/rb_unknown", new HttpHeaders());
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(unknown, "not-found");

        COMMAND_SIDE.delayEventPages(200);
        String first = start(a.id());
        ResponseEntity<JsonNode> second = rest.withBasicAuth(OPERATOR, PASSWORD).exchange("/api/v1/operator/rebuilds",
                HttpMethod.POST, new HttpEntity<>("{}", json), JsonNode.class);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertProblem(second, "conflict");
        assertThat(second.getBody().path("rebuildId").asText()).isEqualTo(first);
        await().atMost(CATCH_UP).until(() -> state(first).equals("COMPLETED"));
        assertThat(auditEntries(a.id(), "operator_action")).anySatisfy(entry ->
                assertThat(entry.path("route").asText()).isEqualTo("/api/v1/operator/rebuilds"));
        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("paths").path("/api/v1/operator/rebuilds").path("post").path("security").toString())
                .contains("operator");
        assertThat(docs.path("paths").has("/api/v1/operator/rebuilds/{rebuildId}")).isTrue();
    }

    /** Starts a rebuild as the operator (of all tenants when {@code tenantId} is null) and returns its id. */
    private String start(TenantId tenantId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        String body = tenantId == null ? "{}" : "{\"tenantId\":\"" + tenantId + "\"}";
        ResponseEntity<JsonNode> response = rest.withBasicAuth(OPERATOR, PASSWORD).exchange(
                "/api/v1/operator/rebuilds", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String rebuildId = response.getBody().path("rebuildId").asText();
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/operator/rebuilds/" + rebuildId);
        return rebuildId;
    }

    private String state(String rebuildId) {
        ResponseEntity<JsonNode> response = asOperator("/api/v1/operator/rebuilds/" + rebuildId, new HttpHeaders());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody().path("state").asText();
    }

    /** The tenant's usage report of both months and its invoice preview and invoices, as the API answers them. */
    private String figures(Tenant tenant) {
        StringBuilder figures = new StringBuilder();
        for (String path : List.of("/api/v1/usage?period=" + YearMonth.from(tenant.at().atZone(ZoneOffset.UTC)),
                "/api/v1/usage", "/api/v1/billing/invoice-preview", "/api/v1/billing/invoices")) {
            ResponseEntity<JsonNode> response = get(path, bearer(tenant.billing()));
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            figures.append(path).append(' ').append(response.getBody()).append('\n');
        }
        return figures.toString();
    }

    /** A collection's documents by id; positions' {@code updatedAt} is when they were projected, not event data. */
    private List<Document> documents(String collection) {
        List<Document> documents = new ArrayList<>();
        mongo.getCollection(collection).find().sort(new Document("_id", 1)).forEach(document -> {
            if (collection.startsWith(ProjectionPositions.COLLECTION)) {
                document.remove("updatedAt");
            }
            documents.add(document);
        });
        return documents;
    }

    private Map<String, List<Document>> tenantDocuments(TenantId tenantId) {
        Map<String, List<Document>> documents = new LinkedHashMap<>();
        for (String readModel : READ_MODELS) {
            documents.put(readModel, documents(generations.resolve(readModel)).stream()
                    .filter(document -> tenantId.value().equals(document.get("tenantId"))).toList());
        }
        return documents;
    }

    /**
     * A tenant on starter since last month, upgraded this month, with a user, an API key, a lead called, tagged and
     * moved on, a deleted lead, a do-not-call number, an AI agent and last month's invoice: 15 events, ids shared by
     * every seeded tenant. Waits until the live read models hold all of it.
     */
    private Tenant seededTenant() {
        TenantId id = TenantId.generate();
        UserId owner = UserId.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        YearMonth thisMonth = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant lastMonth = thisMonth.minusMonths(1).atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant();
        Tenant tenant = new Tenant(id, owner, lastMonth);
        tenantEvent(TestEvents.created(id, Plan.STARTER, lastMonth), 0, lastMonth);
        tenantEvent(TestEvents.userAdded(id, owner, "John Doe", "john@acmere.test", Role.OWNER, lastMonth), 1,
                lastMonth);
        tenantEvent(TestEvents.apiKeyIssued(id, ApiKeyId.generate(), owner, Set.of(Permission.LEADS_READ), lastMonth,
                lastMonth.plus(90, ChronoUnit.DAYS)), 2, lastMonth);
        Instant upgrade = now.minus(1, ChronoUnit.HOURS);
        tenantEvent(new TenantPlanChanged(id, Plan.STARTER, Plan.PROFESSIONAL, new PlanLimits(10_000L, 5_000L, 4, 10,
                100), TestEvents.pricing(Plan.PROFESSIONAL), upgrade), 3, upgrade);
        lead(tenant, SHARED_LEAD, 0, TestEvents.leadAdded(id, SHARED_LEAD, TestEvents.contact("Maria Garcia",
                "+15125550101", "1 Oak St.", "Austin"), lastMonth));
        lead(tenant, SHARED_LEAD, 1, new CallLogged(id, SHARED_LEAD, "call-1", CallDirection.OUTBOUND, "+15125550101",
                AGENT, lastMonth.plusSeconds(3600), 95, CallOutcome.CONNECTED, "notes", false, false,
                lastMonth.plusSeconds(3695)));
        lead(tenant, SHARED_LEAD, 2, new CallLogged(id, SHARED_LEAD, "call-2", CallDirection.OUTBOUND, "+15125550101",
                AGENT, upgrade, 61, CallOutcome.CONNECTED, "notes", false, false, upgrade.plusSeconds(61)));
        lead(tenant, SHARED_LEAD, 3, new LeadTagged(id, SHARED_LEAD, "hot", upgrade));
        lead(tenant, SHARED_LEAD, 4, new LeadStatusChanged(id, SHARED_LEAD, LeadStatus.NEW, LeadStatus.CONTACTED,
                upgrade));
        lead(tenant, DELETED_LEAD, 0, TestEvents.leadAdded(id, DELETED_LEAD, TestEvents.contact("Gone Owner",
                "+15125550109", "4 Ash Ct.", "Austin"), lastMonth));
        lead(tenant, DELETED_LEAD, 1, new LeadDeleted(id, DELETED_LEAD, upgrade));
        publish(TestEvents.envelope(new DoNotCallNumberAdded(id, "+15125550199", "asked", lastMonth), "DoNotCallList",
                id + ".dnc", 0, lastMonth));
        publish(TestEvents.envelope(new AiAgentRegistered(id, SHARED_AGENT, "Sally", "follow-ups", "en-US-Neural2-F",
                "en-US", lastMonth), "AiAgent", id + "." + SHARED_AGENT.value(), 0, lastMonth));
        InvoiceIssued invoice = invoice(id, thisMonth.minusMonths(1), lastMonth);
        publish(TestEvents.envelope(invoice, "Invoice", id + "." + invoice.invoiceId().value(), 0,
                thisMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7200)));
        lead(tenant, SHARED_LEAD, 5, new LeadTagged(id, SHARED_LEAD, "callback", upgrade));
        awaitLead(tenant, SHARED_LEAD, 5);
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(
                get("/api/v1/billing/invoices", bearer(tenant.billing())).getBody().toString())
                .contains(invoice.invoiceId().value()));
        return tenant;
    }

    private static InvoiceIssued invoice(TenantId tenantId, YearMonth month, Instant planStart) {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new InvoiceIssued(tenantId, InvoiceId.of(month), month.toString(), start, end, "USD",
                List.of(new InvoiceLine(InvoiceLine.Kind.BASE_FEE, "Starter plan", null, month.toString(), 1, 9_900,
                        9_240, planStart, end)),
                Map.of("calls", 1L), 9_240, end.plusSeconds(7200));
    }

    private void awaitLead(Tenant tenant, LeadId lead, long sequence) {
        HttpHeaders headers = bearer(tenant.billing());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenant.id(), tenant.id() + "." + lead.value(),
                sequence).format());
        await().atMost(CATCH_UP).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = get("/api/v1/leads/" + lead.value(), headers);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
        });
    }

    private static void tenantEvent(TenantEvent event, long sequence, Instant at) {
        publish(TestEvents.envelope(event, sequence, at));
    }

    private static void lead(Tenant tenant, LeadId lead, long sequence, TenantEvent event) {
        EventEnvelope envelope = TestEvents.envelope(event, "Lead", tenant.id() + "." + lead.value(), sequence,
                tenant.at().plusSeconds(60 * sequence));
        publish(envelope);
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(50).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
