package com.nlre.tenancy.query.gdpr;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How GDPR exports are built and kept.
 *
 * @param expiry        how long a tenant export job and its ZIP are kept after the job was requested
 * @param eventPageSize events asked for per request to the command side's history (1 to 5000)
 * @param chunkBytes    the stored ZIP is cut into MongoDB documents of this many bytes (1 KiB to 8 MiB)
 * @param staleAfter    a queued or running job whose instance has not renewed its heartbeat for this long is answered
 *                      as failed (its instance stopped)
 * @param heartbeatEvery how often an instance renews the heartbeat of each job it holds, queued or running, whether
 *                      or not the job wrote anything since; well below {@code staleAfter}
 * @param sweepEvery    how often expired jobs and their files are deleted
 * @param workers       tenant export jobs run at the same time on one instance
 */
@Validated
@ConfigurationProperties("nlre.gdpr.export")
public record GdprExportProperties(@NotNull @DefaultValue("7d") Duration expiry,
                                   @Min(1) @Max(5000) @DefaultValue("1000") int eventPageSize,
                                   @Min(1024) @Max(8_388_608) @DefaultValue("262144") int chunkBytes,
                                   @NotNull @DefaultValue("2m") Duration staleAfter,
                                   @NotNull @DefaultValue("10m") Duration sweepEvery,
                                   @Min(1) @Max(8) @DefaultValue("1") int workers,
                                   @NotNull @DefaultValue("20s") Duration heartbeatEvery) {

    public GdprExportProperties {
        if (heartbeatEvery != null && staleAfter != null && heartbeatEvery.multipliedBy(2).compareTo(staleAfter) > 0) {
            throw new IllegalArgumentException("nlre.gdpr.export.heartbeat-every (" + heartbeatEvery
                    + ") must be at most half of stale-after (" + staleAfter + ")");
        }
    }
}
