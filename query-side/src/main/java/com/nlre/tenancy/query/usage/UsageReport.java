package com.nlre.tenancy.query.usage;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A tenant's usage in one billing period, per meter, against its plan's limits. */
@Schema(name = "Usage")
public record UsageReport(
        String tenantId,
        Period period,
        @Schema(description = "leads, users, agents and storage_bytes (held now, all time), calls and call_minutes "
                + "(in the period)")
        List<MeterUsage> meters,
        AsOf asOf) {

    @Schema(name = "UsagePeriod", description = "A billing month, cut in the tenant's time zone")
    public record Period(
            @Schema(description = "YYYY-MM", example = "2026-11") String id,
            @Schema(description = "First instant of the period, inclusive") Instant start,
            @Schema(description = "First instant after the period, exclusive") Instant end,
            @Schema(description = "The tenant's time zone the period is cut in", example = "America/Los_Angeles")
            String timezone) {
    }

    @Schema(name = "MeterUsage")
    public record MeterUsage(
            @Schema(description = "leads, users, agents, storage_bytes, calls or call_minutes") String meter,
            long used,
            @Schema(description = "The plan's limit (for calls: the month's included calls); null when unlimited "
                    + "or the meter has none") Long limit,
            @Schema(description = "Units the plan sells beyond the limit, billed per unit (calls on starter and "
                    + "professional); null when the meter stops hard at its limit") Long overageAllowance,
            @Schema(description = "Units used beyond the limit, billed as overage; 0 without overage") long overage,
            @Schema(description = "What may still be used before the meter stops: limit + overageAllowance - used, "
                    + "never negative; null when unlimited") Long remaining) {

        static MeterUsage of(String meter, long used, Long limit) {
            return of(meter, used, limit, null);
        }

        static MeterUsage of(String meter, long used, Long limit, Long overageAllowance) {
            Long hardLimit = limit == null ? null : overageAllowance == null ? limit : limit + overageAllowance;
            long overage = limit == null || overageAllowance == null ? 0 : Math.max(0, used - limit);
            return new MeterUsage(meter, used, limit, overageAllowance, overage,
                    hardLimit == null ? null : Math.max(0, hardLimit - used));
        }
    }

    @Schema(name = "UsageAsOf", description = "How current the figures are")
    public record AsOf(
            @Schema(description = "Ledger entries the figures include") long entries,
            @Schema(description = "When the newest event the figures include occurred; null when there is none")
            Instant lastEventAt,
            @Schema(description = "The highest event-store position among the events the figures include; null "
                    + "when there is none. Figures include every event up to it, except one committed late may "
                    + "still be on its way") Long position) {
    }
}
