package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.billing.InvoiceLine.Kind;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The invoice rules, checked against worked examples computed by hand. */
class InvoiceCalculatorTest {

    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final PlanLimits STARTER = new PlanLimits(1_000L, 500L, 4, 3, 10);
    private static final PlanLimits PROFESSIONAL = new PlanLimits(10_000L, 5_000L, 4, 10, 100);
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    /** Starter from before October; professional from 16 October 00:00 in Chicago. */
    private static BillingTerms starterThenProfessionalOnOctober16() {
        return new BillingTerms(List.of(
                new BillingTerms.Change(0, Instant.parse("2026-09-10T15:00:00Z"), Plan.STARTER, STARTER,
                        TestEvents.pricing(Plan.STARTER), CHICAGO, false),
                new BillingTerms.Change(1, Instant.parse("2026-10-16T05:00:00Z"), Plan.PROFESSIONAL, PROFESSIONAL,
                        TestEvents.pricing(Plan.PROFESSIONAL), null, false)));
    }

    /**
     * The worked example. October 2026 in Chicago runs from 1 Oct 05:00Z to 1 Nov 05:00Z: 31 days (daylight saving
     * ends on 1 Nov at 02:00 local, after the month). Starter ($99.00) held 15 days: 9,900 × 15/31 = 4,790.32 →
     * 4,790. Professional ($299.00) held 16 days: 29,900 × 16/31 = 15,432.26 → 15,432. Calls: 5,120; the month's
     * allowance is the larger one, professional's 5,000; 120 calls over at professional's $0.20 = 2,400.
     * Total 4,790 + 15,432 + 2,400 = 22,622 cents, $226.22.
     */
    @Test
    void aMidMonthUpgradeProratesBothBaseFeesAndBillsCallsBeyondTheLargerAllowance() {
        InvoiceDraft invoice = InvoiceCalculator.compute(TENANT, OCTOBER, starterThenProfessionalOnOctober16(),
                month -> month.equals(OCTOBER) ? 5_120 : 0, List.of());

        assertThat(invoice.invoiceId()).isEqualTo("inv-2026-10");
        assertThat(invoice.periodStart()).isEqualTo(Instant.parse("2026-10-01T05:00:00Z"));
        assertThat(invoice.periodEnd()).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(invoice.currency()).isEqualTo("USD");
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::quantity, InvoiceLine::unitPriceMinor,
                        InvoiceLine::amountMinor)
                .containsExactly(
                        tuple(Kind.BASE_FEE, 1L, 9_900L, 4_790L),
                        tuple(Kind.BASE_FEE, 1L, 29_900L, 15_432L),
                        tuple(Kind.OVERAGE, 120L, 20L, 2_400L));
        assertThat(invoice.lines().get(0).description()).isEqualTo("Starter plan, prorated 2026-10-01 to 2026-10-16");
        assertThat(invoice.lines().get(1).from()).isEqualTo(Instant.parse("2026-10-16T05:00:00Z"));
        assertThat(invoice.totalMinor()).isEqualTo(22_622);
        assertThat(invoice.billedUsage()).containsExactly(Map.entry("calls", 5_120L));
    }

    @Test
    void aDowngradeNeverBillsCallsTheBetterPlanOfTheMonthIncluded() {
        BillingTerms terms = new BillingTerms(List.of(
                new BillingTerms.Change(0, Instant.parse("2026-09-10T15:00:00Z"), Plan.PROFESSIONAL, PROFESSIONAL,
                        TestEvents.pricing(Plan.PROFESSIONAL), CHICAGO, false),
                new BillingTerms.Change(1, Instant.parse("2026-10-16T05:00:00Z"), Plan.STARTER, STARTER,
                        TestEvents.pricing(Plan.STARTER), null, false)));

        InvoiceDraft invoice = InvoiceCalculator.compute(TENANT, OCTOBER, terms, month -> 4_000, List.of());

        assertThat(invoice.lines()).extracting(InvoiceLine::kind).containsExactly(Kind.BASE_FEE, Kind.BASE_FEE);
        assertThat(invoice.totalMinor()).isEqualTo(14_468 + 5_110);
    }

    @Test
    void aTenantCreatedMidMonthPaysForTheDaysItExisted() {
        BillingTerms terms = new BillingTerms(List.of(new BillingTerms.Change(0,
                Instant.parse("2026-10-22T05:00:00Z"), Plan.PROFESSIONAL, PROFESSIONAL,
                TestEvents.pricing(Plan.PROFESSIONAL), CHICAGO, false)));

        InvoiceDraft invoice = InvoiceCalculator.compute(TENANT, OCTOBER, terms, month -> 0, List.of());

        // 10 of 31 days: 29,900 × 10/31 = 9,645.16 → 9,645
        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.amountMinor()).isEqualTo(9_645);
            assertThat(line.from()).isEqualTo(Instant.parse("2026-10-22T05:00:00Z"));
        });
    }

    /**
     * September was invoiced with 4,998 calls (professional: 5,000 included). Five more September calls reached the
     * ledger afterwards: 5,003 in all, 3 over the allowance at $0.20. October's invoice carries a 5-call adjustment
     * for September of 60 cents; September's invoice is left as issued. Once billed, it is not billed again.
     */
    @Test
    void lateUsageOfAnInvoicedMonthIsBilledOnceAsAnAdjustmentOnTheNextInvoice() {
        BillingTerms terms = new BillingTerms(List.of(new BillingTerms.Change(0,
                Instant.parse("2026-08-01T05:00:00Z"), Plan.PROFESSIONAL, PROFESSIONAL,
                TestEvents.pricing(Plan.PROFESSIONAL), CHICAGO, false)));
        YearMonth september = YearMonth.of(2026, 9);
        InvoiceCalculator.Issued septemberInvoice = new InvoiceCalculator.Issued(september, 4_998, Map.of());

        InvoiceDraft october = InvoiceCalculator.compute(TENANT, OCTOBER, terms,
                month -> month.equals(september) ? 5_003 : 10, List.of(septemberInvoice));

        assertThat(october.lines()).filteredOn(line -> line.kind() == Kind.ADJUSTMENT).singleElement()
                .satisfies(line -> {
                    assertThat(line.forPeriod()).isEqualTo("2026-09");
                    assertThat(line.quantity()).isEqualTo(5);
                    assertThat(line.amountMinor()).isEqualTo(60);
                });
        assertThat(october.totalMinor()).isEqualTo(29_900 + 60);

        InvoiceCalculator.Issued octoberInvoice = new InvoiceCalculator.Issued(OCTOBER, 10,
                Map.of(september, 5L));
        InvoiceDraft november = InvoiceCalculator.compute(TENANT, OCTOBER.plusMonths(1), terms,
                month -> month.equals(september) ? 5_003 : 10, List.of(septemberInvoice, octoberInvoice));
        assertThat(november.lines()).extracting(InvoiceLine::kind).containsExactly(Kind.BASE_FEE);
    }

    @Test
    void monthsAreCutInTheTenantsTimeZoneAcrossADaylightSavingChange() {
        BillingTerms terms = starterThenProfessionalOnOctober16();

        InvoiceDraft november = InvoiceCalculator.compute(TENANT, YearMonth.of(2026, 11), terms, month -> 0,
                List.of());

        assertThat(november.periodStart()).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(november.periodEnd()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(november.lines()).singleElement().satisfies(line -> {
            assertThat(line.description()).isEqualTo("Professional plan");
            assertThat(line.amountMinor()).isEqualTo(29_900);
        });
    }

    @Test
    void aPlanWithoutPricesCostsNothingThroughThePlatform() {
        BillingTerms terms = new BillingTerms(List.of(new BillingTerms.Change(0,
                Instant.parse("2026-08-01T05:00:00Z"), Plan.ENTERPRISE, PlanLimits.UNLIMITED,
                new PlanPricing("USD", 0, List.of()), CHICAGO, false)));

        InvoiceDraft invoice = InvoiceCalculator.compute(TENANT, OCTOBER, terms, month -> 1_000_000, List.of());

        assertThat(invoice.totalMinor()).isZero();
        assertThat(invoice.lines()).extracting(InvoiceLine::kind).containsExactly(Kind.BASE_FEE);
    }
}
