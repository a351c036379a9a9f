package com.nlre.tenancy.query.usage;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A tenant's usage in one billing period, per meter, against its plan's limits. */
@Schema(name = "Usage")
public record UsageReport(
        String tenantId,
        Period period,
        @Schema(description = "leads and users (held now, all time), calls and call_minutes (in the period)")
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
            @Schema(description = "leads, users, calls or call_minutes") String meter,
            long used,
            @Schema(description = "The plan's limit; null when unlimited or the meter has none") Long limit,
            @Schema(description = "limit - used, never negative; null when unlimited") Long remaining) {

        static MeterUsage of(String meter, long used, Long limit) {
            return new MeterUsage(meter, used, limit, limit == null ? null : Math.max(0, limit - used));
        }
    }

    @Schema(name = "UsageAsOf", description = "How current the figures are")
    public record AsOf(
            @Schema(description = "Ledger entries the figures include") long entries,
            @Schema(description = "When the newest event the figures include occurred; null when there is none")
            Instant lastEventAt) {
    }
}
