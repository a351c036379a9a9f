package com.nlre.tenancy.query.rebuild;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How a read-model rebuild reads the event store.
 *
 * @param pageSize      events asked for per request to the command side (1 to 5000)
 * @param commitWindow  longer than any event-store transaction plus the clock difference between the services: an
 *                      event that occurred less than this long before it was read is not applied yet, because an event
 *                      with a lower position may still be committing; the final catch-up (while live projection waits)
 *                      lasts at least this long
 * @param pollInterval  pause between reads while waiting for young events to settle
 */
@Validated
@ConfigurationProperties("nlre.rebuild")
public record RebuildProperties(@Min(1) @Max(5000) @DefaultValue("1000") int pageSize,
                                @NotNull @DefaultValue("5s") Duration commitWindow,
                                @NotNull @DefaultValue("200ms") Duration pollInterval) {
}
