package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.command.billing.BillingCommands.IssueInvoice;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.tenant.TenantDirectory;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.billing.InvoiceLine.Kind;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class InvoiceTest {

    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final InvoiceId OCTOBER = InvoiceId.of(YearMonth.of(2026, 10));
    private static final Instant START = Instant.parse("2026-10-01T05:00:00Z");
    private static final Instant END = Instant.parse("2026-11-01T05:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-01T06:00:00Z");

    private static final InvoiceLine BASE = new InvoiceLine(Kind.BASE_FEE, "Starter plan", null, "2026-10", 1, 9_900,
            9_900, START, END);
    private static final InvoiceLine OVERAGE = new InvoiceLine(Kind.OVERAGE, "Calls beyond 500", "calls", "2026-10",
            12, 25, 300, START, END);

    private FixtureConfiguration<Invoice> fixture;
    private final TenantDirectory tenants = mock(TenantDirectory.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Invoice.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(tenants);
        when(tenants.statusOf(TENANT)).thenReturn(Optional.of(TenantStatus.ACTIVE));
    }

    private static IssueInvoice issue(Instant end, List<InvoiceLine> lines, long total) {
        return new IssueInvoice(TENANT, OCTOBER, START, end, "USD", lines, Map.of("calls", 512L), total);
    }

    @Test
    void issuesTheInvoiceOfAClosedMonthWithItsLinesAndBilledUsage() {
        fixture.givenNoPriorActivity()
                .when(issue(END, List.of(BASE, OVERAGE), 10_200))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new InvoiceIssued(TENANT, OCTOBER, "2026-10", START, END, "USD", List.of(BASE, OVERAGE),
                        Map.of("calls", 512L), 10_200, NOW));
    }

    @Test
    void anOffboardedTenantIsNeverInvoicedAgain() {
        when(tenants.statusOf(TENANT)).thenReturn(Optional.of(TenantStatus.OFFBOARDED));

        fixture.givenNoPriorActivity()
                .when(issue(END, List.of(BASE, OVERAGE), 10_200))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage("The tenant is offboarded.")
                .expectNoEvents();
    }

    @Test
    void aMonthIsInvoicedOnlyAfterItEnded() {
        fixture.givenNoPriorActivity()
                .when(new IssueInvoice(TENANT, OCTOBER, NOW.minusSeconds(30L * 24 * 3600), NOW.plusSeconds(3600),
                        "USD", List.of(BASE), Map.of(), 9_900))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void theTotalMustBeTheSumOfTheLines() {
        fixture.givenNoPriorActivity()
                .when(issue(END, List.of(BASE, OVERAGE), 10_199))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("must be the sum of the lines' amounts");
    }

    @Test
    void anOverageLineCostsItsQuantityTimesItsUnitPrice() {
        InvoiceLine wrong = new InvoiceLine(Kind.OVERAGE, "Calls", "calls", "2026-10", 12, 25, 301, START, END);
        fixture.givenNoPriorActivity()
                .when(issue(END, List.of(wrong), 301))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("must be quantity × unitPriceMinor");
    }

    @Test
    void aPeriodIsOneMonthLong() {
        fixture.givenNoPriorActivity()
                .when(issue(START.plusSeconds(24 * 3600), List.of(BASE), 9_900))
                .expectException(InvalidCommand.class);
    }

    @Test
    void anUnknownTenantHasNoInvoices() {
        when(tenants.statusOf(TENANT)).thenReturn(Optional.empty());
        fixture.givenNoPriorActivity()
                .when(issue(END, List.of(BASE), 9_900))
                .expectException(UnknownResource.class)
                .expectNoEvents();
    }
}
