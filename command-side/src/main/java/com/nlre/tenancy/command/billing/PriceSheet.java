package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.PlanPricing.OverageRate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices in major units as people write them (configuration, or an operator's negotiated enterprise terms), turned
 * into the exact {@link PlanPricing} events carry.
 *
 * @param monthlyFee the base fee of a whole billing month, e.g. {@code 99.00}
 * @param overage    per meter wire name: the unit price beyond the plan's limit and how many such units are allowed
 */
public record PriceSheet(BigDecimal monthlyFee, Map<String, OverageSheet> overage) {

    public static final String OVERAGE_ONLY_FOR_CALLS = "OVERAGE_ONLY_FOR_CALLS";
    public static final String OVERAGE_NEEDS_A_LIMIT = "OVERAGE_NEEDS_A_LIMIT";
    public static final String PRICE_IN_CURRENCY_UNITS = "PRICE_IN_CURRENCY_UNITS";

    /** The one metered item sold with overage: calls beyond the plan's monthly allowance. */
    public static final String CALLS = "calls";

    public record OverageSheet(BigDecimal unitPrice, Long maxUnits) {
    }

    public PriceSheet {
        overage = overage == null ? Map.of() : Map.copyOf(overage);
    }

    /**
     * @param field  where this sheet came from, to name the field at fault
     * @param limits the limits the prices go with: overage is only sold on a limited meter
     * @throws InvalidCommand naming the field at fault
     */
    public PlanPricing toPricing(Currency currency, PlanLimits limits, String field) {
        if (monthlyFee == null) {
            throw new InvalidCommand("REQUIRED_VALUE", field + ".monthlyFee", "is required");
        }
        List<OverageRate> rates = new ArrayList<>();
        new TreeMap<>(overage).forEach((meter, sheet) -> {
            String at = field + ".overage." + meter;
            if (!CALLS.equals(meter)) {
                throw new InvalidCommand(OVERAGE_ONLY_FOR_CALLS, at, "overage is only sold for calls");
            }
            if (limits.maxCalls() == null) {
                throw new InvalidCommand(OVERAGE_NEEDS_A_LIMIT, at, "calls are unlimited on this plan");
            }
            if (sheet == null || sheet.maxUnits() == null || sheet.maxUnits() < 1) {
                throw new InvalidCommand(OVERAGE_NEEDS_A_LIMIT, at + ".maxUnits", "must be at least 1");
            }
            long unitPrice = minorUnits(sheet.unitPrice(), currency, at + ".unitPrice");
            if (unitPrice < 1) {
                throw new InvalidCommand(PRICE_IN_CURRENCY_UNITS, at + ".unitPrice", "must be more than zero");
            }
            rates.add(new OverageRate(meter, unitPrice, sheet.maxUnits()));
        });
        return new PlanPricing(currency.getCurrencyCode(), minorUnits(monthlyFee, currency, field + ".monthlyFee"),
                rates);
    }

    /** An amount as a whole number of the currency's minor units; more decimals than the currency has is refused. */
    static long minorUnits(BigDecimal amount, Currency currency, String field) {
        if (amount == null) {
            throw new InvalidCommand("REQUIRED_VALUE", field, "is required");
        }
        if (amount.signum() < 0) {
            throw new InvalidCommand(PRICE_IN_CURRENCY_UNITS, field, "must not be negative");
        }
        try {
            return amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY)
                    .movePointRight(currency.getDefaultFractionDigits()).longValueExact();
        } catch (ArithmeticException tooPrecise) {
            throw new InvalidCommand(PRICE_IN_CURRENCY_UNITS, field,
                    "must be a " + currency.getCurrencyCode() + " amount with at most "
                            + currency.getDefaultFractionDigits() + " decimals");
        }
    }
}
