package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.lead.DoNotCallCommands.AddToDoNotCallList;
import com.nlre.tenancy.command.lead.DoNotCallCommands.RemoveFromDoNotCallList;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class DoNotCallListTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final TenantId TENANT = new TenantId("tenant_abc123");

    private FixtureConfiguration<DoNotCallList> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DoNotCallList.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theFirstNumberCreatesTheListAndIsStoredNormalised() {
        fixture.givenNoPriorActivity()
                .when(new AddToDoNotCallList(TENANT, "(555) 123-4567", "asked not to be called"))
                .expectEvents(new DoNotCallNumberAdded(TENANT, "+15551234567", "asked not to be called", NOW));
    }

    @Test
    void addingAListedNumberAgainChangesNothing() {
        fixture.given(new DoNotCallNumberAdded(TENANT, "+15551234567", null, NOW))
                .when(new AddToDoNotCallList(TENANT, "+1 555 123 4567", null))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void removesAListedNumber() {
        fixture.given(new DoNotCallNumberAdded(TENANT, "+15551234567", null, NOW))
                .when(new RemoveFromDoNotCallList(TENANT, "555-123-4567"))
                .expectEvents(new DoNotCallNumberRemoved(TENANT, "+15551234567", NOW));
    }

    @Test
    void rejectsSomethingThatIsNotAPhoneNumber() {
        fixture.givenNoPriorActivity()
                .when(new AddToDoNotCallList(TENANT, "call me maybe", null))
                .expectException(InvalidCommand.class).expectNoEvents();
    }
}
