package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** The named rules an invoice is issued under. Value rules answer 400 with the field, state rules 422. */
final class InvoiceRules {

    static final String PERIOD_MUST_HAVE_ENDED = "PERIOD_MUST_HAVE_ENDED";
    /** An offboarded tenant's data is gone: nothing of it is recorded again, invoices included. */
    static final String OFFBOARDED_TENANT_IS_NOT_INVOICED = "OFFBOARDED_TENANT_IS_NOT_INVOICED";
    static final String PERIOD_IS_ONE_MONTH = "PERIOD_IS_ONE_MONTH";
    static final String TOTAL_IS_SUM_OF_LINES = "TOTAL_IS_SUM_OF_LINES";
    static final String OVERAGE_AMOUNT_IS_QUANTITY_TIMES_PRICE = "OVERAGE_AMOUNT_IS_QUANTITY_TIMES_PRICE";
    static final String AMOUNTS_NOT_NEGATIVE = "AMOUNTS_NOT_NEGATIVE";
    static final String KNOWN_CURRENCY = "KNOWN_CURRENCY";

    static final int MAX_LINES = 200;

    private InvoiceRules() {
    }

    static void offboardedTenantIsNotInvoiced(TenantStatus status) {
        if (status == TenantStatus.OFFBOARDED) {
            throw new BusinessRuleViolation(OFFBOARDED_TENANT_IS_NOT_INVOICED, "The tenant is offboarded.");
        }
    }

    static void periodMustHaveEnded(Instant periodEnd, Instant now) {
        if (periodEnd.isAfter(now)) {
            throw new BusinessRuleViolation(PERIOD_MUST_HAVE_ENDED,
                    "The billing period ends at " + periodEnd + "; it cannot be invoiced before then.");
        }
    }

    /** A billing month lasts 28 to 31 days (plus or minus an hour across a daylight-saving change). */
    static void periodIsOneMonth(Instant start, Instant end) {
        ValueRules.required("periodStart", start);
        ValueRules.required("periodEnd", end);
        long hours = ChronoUnit.HOURS.between(start, end);
        if (hours < 28 * 24 - 1 || hours > 31 * 24 + 1) {
            throw new InvalidCommand(PERIOD_IS_ONE_MONTH, "periodEnd", "must end one billing month after periodStart");
        }
    }

    static String knownCurrency(String currency) {
        ValueRules.required("currency", currency);
        try {
            return Currency.getInstance(currency).getCurrencyCode();
        } catch (IllegalArgumentException unknown) {
            throw new InvalidCommand(KNOWN_CURRENCY, "currency", "must be an ISO 4217 currency code");
        }
    }

    static List<InvoiceLine> validLines(List<InvoiceLine> lines, long totalMinor) {
        ValueRules.required("lines", lines);
        if (lines.size() > MAX_LINES) {
            throw new InvalidCommand("TOO_MANY_LINES", "lines", "at most " + MAX_LINES + " lines");
        }
        long sum = 0;
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine line = ValueRules.required("lines[" + i + "]", lines.get(i));
            String field = "lines[" + i + "]";
            ValueRules.required(field + ".kind", line.kind());
            ValueRules.requireText(field + ".description", line.description(), 300);
            if (line.quantity() < 0 || line.unitPriceMinor() < 0 || line.amountMinor() < 0) {
                throw new InvalidCommand(AMOUNTS_NOT_NEGATIVE, field, "quantities and amounts must not be negative");
            }
            if (line.kind() == InvoiceLine.Kind.OVERAGE
                    && line.amountMinor() != Math.multiplyExact(line.quantity(), line.unitPriceMinor())) {
                throw new InvalidCommand(OVERAGE_AMOUNT_IS_QUANTITY_TIMES_PRICE, field + ".amountMinor",
                        "must be quantity × unitPriceMinor");
            }
            sum = Math.addExact(sum, line.amountMinor());
        }
        if (sum != totalMinor) {
            throw new InvalidCommand(TOTAL_IS_SUM_OF_LINES, "totalMinor", "must be the sum of the lines' amounts");
        }
        return lines;
    }

    static Map<String, Long> validUsage(Map<String, Long> billedUsage) {
        if (billedUsage == null) {
            return Map.of();
        }
        billedUsage.forEach((meter, quantity) -> {
            if (quantity == null || quantity < 0) {
                throw new InvalidCommand(AMOUNTS_NOT_NEGATIVE, "billedUsage." + meter, "must not be negative");
            }
        });
        return billedUsage;
    }
}
