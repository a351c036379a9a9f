package com.nlre.tenancy.events.tenant;

import java.util.List;
import java.util.Optional;

/**
 * What a tenant pays for its plan, as agreed when the plan was set: later catalogue price changes never alter it.
 * Money is in minor units of {@code currency} (cents for USD), never floating point.
 *
 * @param monthlyFeeMinor the base fee of a whole billing month
 * @param overage         metered items the plan lets the tenant use beyond its limit, at a unit price; a meter
 *                        without a rate stops hard at its limit
 */
public record PlanPricing(String currency, long monthlyFeeMinor, List<OverageRate> overage) {

    public PlanPricing {
        overage = overage == null ? List.of() : List.copyOf(overage);
    }

    /** The overage terms of {@code meter} (a meter's wire name, e.g. {@code calls}), if the plan allows overage. */
    public Optional<OverageRate> overageOf(String meter) {
        return overage.stream().filter(rate -> rate.meter().equals(meter)).findFirst();
    }

    /**
     * Use of a meter beyond the plan's limit, billed per unit.
     *
     * @param meter         the meter's wire name
     * @param unitPriceMinor the price of one unit beyond the limit, in minor units
     * @param maxUnits      how many units beyond the limit are allowed before the meter stops hard
     */
    public record OverageRate(String meter, long unitPriceMinor, long maxUnits) {
    }
}
