package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.billing.InvoiceLine.Kind;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Computes a month's invoice; pure, so the same ledger and terms always give the same invoice. The rules:
 * <ul>
 *     <li><b>Base fee, prorated</b>: each plan held during the month costs its monthly fee times the share of the
 *     month's time it was held (created or canceled mid-month likewise), rounded half-even to the minor unit.</li>
 *     <li><b>Overage</b>: calls beyond the month's allowance — the largest allowance of the plans held during the
 *     month, so an upgrade's bigger allowance covers the whole month and a downgrade never bills calls the better plan
 *     included — at the unit price of the last plan of the month that sells call overage.</li>
 *     <li><b>Adjustments</b>: usage of an already invoiced month that the ledger received after its invoice is billed
 *     on the next invoice, for what it adds to that month's overage under that month's terms; the issued invoice
 *     never changes.</li>
 * </ul>
 */
public final class InvoiceCalculator {

    static final String CALLS = "calls";

    private InvoiceCalculator() {
    }

    /** What an issued invoice accounted for: a month's usage billed by it, and adjustments it billed for others. */
    public record Issued(YearMonth period, long billedCalls, Map<YearMonth, Long> adjustedCalls) {
    }

    /**
     * @param callsIn the ledger's calls of a month
     * @param issued  the tenant's invoices issued so far (other months than {@code period})
     */
    public static InvoiceDraft compute(TenantId tenantId, YearMonth period, BillingTerms terms,
                                       ToLongFunction<YearMonth> callsIn, List<Issued> issued) {
        Instant start = terms.periodStart(period);
        Instant end = terms.periodEnd(period);
        List<BillingTerms.Segment> segments = terms.segments(start, end);
        ZoneId zone = terms.zoneAt(start);
        List<InvoiceLine> lines = new ArrayList<>();
        String currency = segments.isEmpty() ? "USD" : segments.get(segments.size() - 1).pricing().currency();

        for (BillingTerms.Segment segment : segments) {
            lines.add(baseFee(period, start, end, segment, zone));
        }
        long calls = callsIn.applyAsLong(period);
        Overage overage = overageTerms(segments);
        long overUnits = overage.unitsBeyond(calls);
        if (overUnits > 0) {
            lines.add(new InvoiceLine(Kind.OVERAGE, "Calls beyond the " + overage.allowance() + " included",
                    CALLS, period.toString(), overUnits, overage.unitPriceMinor(),
                    Math.multiplyExact(overUnits, overage.unitPriceMinor()), start, end));
        }
        lines.addAll(adjustments(period, terms, callsIn, issued));

        long total = lines.stream().mapToLong(InvoiceLine::amountMinor).sum();
        return new InvoiceDraft(tenantId.value(), InvoiceId.of(period).value(), period.toString(), start, end,
                currency, lines, Map.of(CALLS, calls), total);
    }

    private static InvoiceLine baseFee(YearMonth period, Instant start, Instant end, BillingTerms.Segment segment,
                                       ZoneId zone) {
        long fee = segment.pricing().monthlyFeeMinor();
        long held = Duration.between(segment.from(), segment.to()).getSeconds();
        long month = Duration.between(start, end).getSeconds();
        long amount = BigDecimal.valueOf(fee).multiply(BigDecimal.valueOf(held))
                .divide(BigDecimal.valueOf(month), 0, RoundingMode.HALF_EVEN).longValueExact();
        LocalDate from = segment.from().atZone(zone).toLocalDate();
        LocalDate to = segment.to().atZone(zone).toLocalDate();
        String name = segment.plan().wireName();
        String description = Character.toUpperCase(name.charAt(0)) + name.substring(1) + " plan"
                + (held == month ? "" : ", prorated " + from + " to " + to);
        return new InvoiceLine(Kind.BASE_FEE, description, null, period.toString(), 1, fee, amount, segment.from(),
                segment.to());
    }

    /** The month's call allowance (null: unlimited) and the unit price of calls beyond it (0: none sold). */
    private record Overage(Long allowance, long unitPriceMinor) {

        long unitsBeyond(long calls) {
            return allowance == null || unitPriceMinor == 0 ? 0 : Math.max(0, calls - allowance);
        }

        /** What {@code calls} in the month cost in overage. */
        long amount(long calls) {
            return Math.multiplyExact(unitsBeyond(calls), unitPriceMinor);
        }
    }

    private static Overage overageTerms(List<BillingTerms.Segment> segments) {
        Long allowance = 0L;
        long unitPrice = 0;
        for (BillingTerms.Segment segment : segments) {
            Long limit = segment.limits().maxCalls();
            if (limit == null) {
                allowance = null;
            } else if (allowance != null) {
                allowance = Math.max(allowance, limit);
            }
            Optional<PlanPricing.OverageRate> rate = segment.pricing().overageOf(CALLS);
            if (rate.isPresent()) {
                unitPrice = rate.get().unitPriceMinor();
            }
        }
        return new Overage(segments.isEmpty() ? null : allowance, unitPrice);
    }

    private static List<InvoiceLine> adjustments(YearMonth period, BillingTerms terms,
                                                 ToLongFunction<YearMonth> callsIn, List<Issued> issued) {
        List<InvoiceLine> lines = new ArrayList<>();
        issued.stream().filter(invoice -> invoice.period().isBefore(period))
                .sorted((a, b) -> a.period().compareTo(b.period()))
                .forEach(invoice -> {
                    YearMonth earlier = invoice.period();
                    long billed = invoice.billedCalls() + issued.stream()
                            .mapToLong(other -> other.adjustedCalls().getOrDefault(earlier, 0L)).sum();
                    long ledger = callsIn.applyAsLong(earlier);
                    if (ledger <= billed) {
                        return;
                    }
                    Instant start = terms.periodStart(earlier);
                    Instant end = terms.periodEnd(earlier);
                    Overage overage = overageTerms(terms.segments(start, end));
                    long amount = overage.amount(ledger) - overage.amount(billed);
                    lines.add(new InvoiceLine(Kind.ADJUSTMENT, "Calls of " + earlier + " recorded after its invoice",
                            CALLS, earlier.toString(), ledger - billed, overage.unitPriceMinor(), amount, start, end));
                });
        return lines;
    }
}
