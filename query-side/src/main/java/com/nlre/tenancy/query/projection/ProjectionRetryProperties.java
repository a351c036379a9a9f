package com.nlre.tenancy.query.projection;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the consumer retries a record whose projection failed (see {@link ProjectionFailureClass}).
 *
 * @param attemptsBeforeParking attempts in all (the first included) before a {@code PROJECTION_ERROR} is parked
 * @param retryInterval         the pause between those attempts
 * @param maxBackOff            the longest pause while infrastructure is unavailable (the pause starts at 0.2 s and
 *                              doubles up to this; the record is retried for as long as it takes)
 */
@Validated
@ConfigurationProperties("nlre.projection")
public record ProjectionRetryProperties(@Min(1) @DefaultValue("3") int attemptsBeforeParking,
                                        @NotNull @DefaultValue("1s") Duration retryInterval,
                                        @NotNull @DefaultValue("30s") Duration maxBackOff) {
}
