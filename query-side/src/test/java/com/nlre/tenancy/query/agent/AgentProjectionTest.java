package com.nlre.tenancy.query.agent;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.PageParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The AI agents read model, projected into an in-memory MongoDB without Spring. */
class AgentProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final AgentId agentId = new AgentId("seller-qualifier");
    private MongoTemplate template;
    private AgentProjection projection;
    private AgentReadModel agents;

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
        projection = new AgentProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        agents = new AgentReadModel(scoped, new CrossTenantMongo(template, new SimpleMeterRegistry()));
    }

    private AiAgentRegistered registered(TenantId tenant, AgentId agent, Instant at) {
        return new AiAgentRegistered(tenant, agent, "Sally", "Qualify inbound sellers", "en-US-Neural2-F", "en-US",
                at);
    }

    @Test
    void storesARegisteredAgentAsActiveWithItsSettings() {
        apply(registered(tenantId, agentId, T0), 0);

        AgentView agent = agents.find(tenantId, agentId).orElseThrow();
        assertThat(agent).isEqualTo(new AgentView("seller-qualifier", "Sally", "Qualify inbound sellers",
                "en-US-Neural2-F", "en-US", AgentStatus.ACTIVE, T0, T0, null, 0));
        Document stored = template.getCollection(AgentDocuments.COLLECTION)
                .find(new Document("_id", tenantId + "/seller-qualifier")).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("tenantId")).isEqualTo(tenantId.value());
    }

    @Test
    void followsUpdatesAndRetirementAndARetiredAgentTakesNoFurtherChange() {
        apply(registered(tenantId, agentId, T0), 0);
        apply(new AiAgentUpdated(tenantId, agentId, "Sam", "Follow up on offers", null, "es-US", T0.plusSeconds(1)),
                1);
        apply(new AiAgentRetired(tenantId, agentId, T0.plusSeconds(2)), 2);
        apply(new AiAgentUpdated(tenantId, agentId, "Ghost", "Should not show", null, "en-US", T0.plusSeconds(3)), 3);

        AgentView agent = agents.find(tenantId, agentId).orElseThrow();
        assertThat(agent).isEqualTo(new AgentView("seller-qualifier", "Sam", "Follow up on offers", null, "es-US",
                AgentStatus.RETIRED, T0, T0.plusSeconds(2), T0.plusSeconds(2), 2));
    }

    @Test
    void aRedeliveredOrReplayedEventChangesNothing() {
        apply(registered(tenantId, agentId, T0), 0);
        apply(new AiAgentUpdated(tenantId, agentId, "Sam", "Follow up", null, "en-US", T0.plusSeconds(1)), 1);
        apply(new AiAgentUpdated(tenantId, agentId, "Max", "Cold outreach", null, "en-US", T0.plusSeconds(2)), 2);
        AgentView before = agents.find(tenantId, agentId).orElseThrow();

        apply(registered(tenantId, agentId, T0), 0);
        apply(new AiAgentUpdated(tenantId, agentId, "Sam", "Follow up", null, "en-US", T0.plusSeconds(1)), 1);
        apply(new AiAgentUpdated(tenantId, agentId, "Max", "Cold outreach", null, "en-US", T0.plusSeconds(2)), 2);

        assertThat(agents.find(tenantId, agentId)).contains(before);
        assertThat(before.name()).isEqualTo("Max");
        assertThat(template.getCollection(AgentDocuments.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void listsActiveAgentsOldestFirstAndRetiredOnesOnlyWhenAsked() {
        AgentId second = new AgentId("b-follow-up");
        AgentId third = new AgentId("a-outreach");
        apply(registered(tenantId, agentId, T0), 0);
        apply(registered(tenantId, second, T0.plusSeconds(1)), second, 0);
        apply(registered(tenantId, third, T0.plusSeconds(1)), third, 0);
        apply(new AiAgentRetired(tenantId, agentId, T0.plusSeconds(5)), 1);

        AgentPage active = agents.list(tenantId, AgentStatus.ACTIVE, new PageParameters(0, 20));
        assertThat(active.items()).extracting(AgentView::agentId).containsExactly("a-outreach", "b-follow-up");
        assertThat(active.totalItems()).isEqualTo(2);
        AgentPage retired = agents.list(tenantId, AgentStatus.RETIRED, new PageParameters(0, 20));
        assertThat(retired.items()).extracting(AgentView::agentId).containsExactly("seller-qualifier");
        AgentPage firstPage = agents.list(tenantId, AgentStatus.ACTIVE, new PageParameters(0, 1));
        assertThat(firstPage.items()).hasSize(1);
        assertThat(firstPage.totalPages()).isEqualTo(2);
    }

    @Test
    void twoTenantsWithTheSameAgentIdKeepSeparateAgents() {
        TenantId other = TenantId.generate();
        apply(registered(tenantId, agentId, T0), 0);
        projection.apply(TestEvents.receivedForAgent(new AiAgentRegistered(other, agentId, "Other", "Theirs", null,
                "fr-CA", T0), agentId, 0));
        projection.apply(TestEvents.receivedForAgent(new AiAgentRetired(other, agentId, T0.plusSeconds(1)), agentId,
                1));

        assertThat(agents.find(tenantId, agentId).orElseThrow().status()).isEqualTo(AgentStatus.ACTIVE);
        assertThat(agents.find(tenantId, agentId).orElseThrow().name()).isEqualTo("Sally");
        assertThat(agents.find(other, agentId).orElseThrow().status()).isEqualTo(AgentStatus.RETIRED);
        assertThat(agents.tenantHolding(tenantId, agentId)).contains(other);
        assertThat(agents.tenantHolding(other, agentId)).contains(tenantId);
        assertThat(agents.tenantHolding(tenantId, new AgentId("nobody"))).isEmpty();
    }

    private void apply(TenantEvent event, long sequence) {
        apply(event, agentId, sequence);
    }

    private void apply(TenantEvent event, AgentId agent, long sequence) {
        projection.apply(TestEvents.receivedForAgent(event, agent, sequence));
    }
}
