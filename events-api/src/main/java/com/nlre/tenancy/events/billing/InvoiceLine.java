package com.nlre.tenancy.events.billing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * One line of an invoice. Amounts are in minor units of the invoice's currency; {@code amountMinor} is exact for
 * overage and adjustment lines ({@code quantity × unitPriceMinor}) and rounded half-even for a prorated base fee.
 *
 * @param meter     the metered item of an overage or adjustment line; null for a base fee
 * @param forPeriod the billing month the line is for: the invoice's own, or an earlier one for an adjustment
 * @param from      the start of the time the line covers (a base fee's plan segment), else the period's start
 * @param to        its end
 */
public record InvoiceLine(Kind kind, String description, String meter, String forPeriod, long quantity,
                          long unitPriceMinor, long amountMinor, Instant from, Instant to) {

    public enum Kind {
        /** A plan's monthly fee for the part of the month the tenant was on it. */
        BASE_FEE,
        /** Units of a meter beyond the plan's allowance. */
        OVERAGE,
        /** Usage of an already invoiced month that arrived after its invoice, billed now. */
        ADJUSTMENT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind fromWireName(String value) {
            return Arrays.stream(values()).filter(kind -> kind.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown invoice line kind '" + value + "'"));
        }
    }
}
