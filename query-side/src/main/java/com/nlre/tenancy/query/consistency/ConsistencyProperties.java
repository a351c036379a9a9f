package com.nlre.tenancy.query.consistency;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param maxWait      the longest a query waits for its consistency token before answering anyway
 * @param pollInterval how often the projection position is read while waiting
 */
@Validated
@ConfigurationProperties("nlre.consistency")
public record ConsistencyProperties(@NotNull @DefaultValue("5s") Duration maxWait,
                                    @NotNull @DefaultValue("20ms") Duration pollInterval) {

    public ConsistencyProperties {
        if (maxWait != null && maxWait.isNegative()) {
            throw new IllegalArgumentException("nlre.consistency.max-wait must not be negative");
        }
        if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
            throw new IllegalArgumentException("nlre.consistency.poll-interval must be positive");
        }
    }
}
