package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.lead.LeadCommands.ChangeLeadStatus;
import com.nlre.tenancy.command.lead.LeadCommands.DeleteLead;
import com.nlre.tenancy.command.lead.LeadCommands.ForgetLead;
import com.nlre.tenancy.command.lead.LeadCommands.UpdateLeadContact;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.usage.CountingQuotas;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

class LeadForgettingTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final LeadId LEAD = new LeadId("crm-4711");
    private static final LeadContact CONTACT = new LeadContact("Mary Seller", List.of("+15551234567"), null, null);

    private FixtureConfiguration<Lead> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Lead.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(new CountingQuotas());
    }

    private static LeadAdded added() {
        return new LeadAdded(TENANT, LEAD, CONTACT, null, null, Set.of(), NOW);
    }

    private static DataSubjectForgotten forgotten(String reason) {
        return new DataSubjectForgotten(TENANT, "lead", LEAD.value(), reason, NOW);
    }

    @Test
    void forgettingALeadRecordsWhoWasForgottenAndWhyWithoutPersonalData() {
        fixture.given(added())
                .when(new ForgetLead(TENANT, LEAD, "ticket 42"))
                .expectEvents(forgotten("ticket 42"));
    }

    @Test
    void aDeletedLeadCanStillBeForgotten() {
        fixture.given(added(), new LeadDeleted(TENANT, LEAD, NOW, 0))
                .when(new ForgetLead(TENANT, LEAD, null))
                .expectEvents(forgotten(null));
    }

    @Test
    void forgettingAForgottenLeadChangesNothing() {
        fixture.given(added(), forgotten(null))
                .when(new ForgetLead(TENANT, LEAD, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aForgottenLeadAcceptsNoFurtherCommand() {
        for (Object command : List.of(new ChangeLeadStatus(TENANT, LEAD, LeadStatus.CONTACTED),
                new UpdateLeadContact(TENANT, LEAD, CONTACT, null), new DeleteLead(TENANT, LEAD))) {
            fixture.given(added(), forgotten(null))
                    .when(command)
                    .expectException(BusinessRuleViolation.class)
                    .expectExceptionMessage("The lead was forgotten (GDPR erasure); it accepts no further commands.")
                    .expectNoEvents();
        }
    }

    @Test
    void aReasonIsShortText() {
        fixture.given(added())
                .when(new ForgetLead(TENANT, LEAD, "x".repeat(201)))
                .expectException(InvalidCommand.class);
    }
}
