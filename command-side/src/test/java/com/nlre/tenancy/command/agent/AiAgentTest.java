package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.command.agent.AgentCommands.AgentSettings;
import com.nlre.tenancy.command.agent.AgentCommands.RegisterAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.RetireAiAgent;
import com.nlre.tenancy.command.agent.AgentCommands.UpdateAiAgent;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.QuotaExceeded;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AiAgentTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final AgentId AGENT = new AgentId("seller-qualifier");
    private static final AgentSettings SETTINGS = new AgentSettings("Sally", "Qualify inbound sellers",
            "en-US-Neural2-F", "en-US");

    private FixtureConfiguration<AiAgent> fixture;
    private final CountingQuotas quotas = new CountingQuotas();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AiAgent.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(quotas);
    }

    private static AiAgentRegistered registered() {
        return new AiAgentRegistered(TENANT, AGENT, "Sally", "Qualify inbound sellers", "en-US-Neural2-F", "en-US",
                NOW);
    }

    @Test
    void registersAnAgentWithItsSettingsStrippedAndItsLanguageCanonical() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiAgent(TENANT, AGENT, new AgentSettings("  Sally ", " Qualify inbound sellers",
                        null, "es-mx")))
                .expectEvents(new AiAgentRegistered(TENANT, AGENT, "Sally", "Qualify inbound sellers", null, "es-MX",
                        NOW));
    }

    @Test
    void anAgentHoldsOneUnitOfThePlansAgentLimitUntilItIsRetired() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiAgent(TENANT, AGENT, SETTINGS))
                .expectSuccessfulHandlerExecution();
        assertThat(quotas.used(Meter.AGENTS)).isEqualTo(1);
        fixture.given(registered())
                .when(new RetireAiAgent(TENANT, AGENT))
                .expectSuccessfulHandlerExecution();
        assertThat(quotas.used(Meter.AGENTS)).isZero();
    }

    @Test
    void refusesAnAgentBeyondThePlansAgentLimitAndStoresNothing() {
        quotas.limit(Meter.AGENTS, 0);
        fixture.givenNoPriorActivity()
                .when(new RegisterAiAgent(TENANT, AGENT, SETTINGS))
                .expectException(QuotaExceeded.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnAgentWithoutNamePurposeOrLanguageNamingTheField() {
        for (AgentSettings invalid : new AgentSettings[]{
                new AgentSettings(" ", "p", null, "en-US"),
                new AgentSettings("n", null, null, "en-US"),
                new AgentSettings("n", "p", null, null),
                new AgentSettings("n", "p", null, "not a language"),
                new AgentSettings("n", "p", "voice with spaces", "en-US"),
                new AgentSettings("n".repeat(101), "p", null, "en-US")}) {
            fixture.givenNoPriorActivity()
                    .when(new RegisterAiAgent(TENANT, AGENT, invalid))
                    .expectException(InvalidCommand.class)
                    .expectNoEvents();
        }
    }

    @Test
    void replacesTheWholeConfiguration() {
        fixture.given(registered())
                .when(new UpdateAiAgent(TENANT, AGENT, new AgentSettings("Sam", "Follow up on offers", null,
                        "en-GB")))
                .expectEvents(new AiAgentUpdated(TENANT, AGENT, "Sam", "Follow up on offers", null, "en-GB", NOW));
    }

    @Test
    void retiresAnAgentOnceAndThenItCanNoLongerChange() {
        fixture.given(registered())
                .when(new RetireAiAgent(TENANT, AGENT))
                .expectEvents(new AiAgentRetired(TENANT, AGENT, NOW));
        fixture.given(registered(), new AiAgentRetired(TENANT, AGENT, NOW))
                .when(new RetireAiAgent(TENANT, AGENT))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(registered(), new AiAgentRetired(TENANT, AGENT, NOW))
                .when(new UpdateAiAgent(TENANT, AGENT, SETTINGS))
                .expectExceptionMessage("The agent was retired; it can no longer change.")
                .expectNoEvents();
    }
}
