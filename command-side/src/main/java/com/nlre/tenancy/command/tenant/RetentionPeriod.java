package com.nlre.tenancy.command.tenant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a canceled tenant's data is kept before it is offboarded ({@code nlre.offboarding.retention}, default 30
 * days): time for the tenant to export it. A cancellation records the end it was given; the configured period only
 * dates cancellations recorded before retention was (see {@link #endOf}).
 */
@Component
public class RetentionPeriod {

    private final Duration period;

    public RetentionPeriod(@Value("${nlre.offboarding.retention:P30D}") Duration period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("nlre.offboarding.retention must not be negative, was " + period);
        }
        this.period = period;
    }

    /** The retention end of a cancellation at {@code canceledAt}. */
    public Instant startingAt(Instant canceledAt) {
        return canceledAt.plus(period);
    }

    /** The recorded end of a cancellation; for one recorded without it, {@code canceledAt} plus this period. */
    public Instant endOf(Instant canceledAt, Instant recordedEnd) {
        return recordedEnd != null ? recordedEnd : startingAt(canceledAt);
    }
}
