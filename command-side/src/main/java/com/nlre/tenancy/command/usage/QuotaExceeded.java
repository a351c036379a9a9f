package com.nlre.tenancy.command.usage;

import java.time.Instant;

/**
 * A command would take the tenant past a hard plan limit; nothing was stored. Answered 429 naming the quota, the
 * limit, the amount used, the amount the command asked for (all in the meter's unit: bytes for storage) and, for
 * periodic meters, when it resets.
 */
public class QuotaExceeded extends RuntimeException {

    private final Meter meter;
    private final long limit;
    private final long used;
    private final long requested;
    private final Instant resetsAt;

    /** A command that asked for one unit. */
    public QuotaExceeded(Meter meter, long limit, long used, Instant resetsAt) {
        this(meter, limit, used, 1, resetsAt);
    }

    public QuotaExceeded(Meter meter, long limit, long used, long requested, Instant resetsAt) {
        super("The plan allows " + meter.describe(limit) + (meter.periodic() ? " per billing month" : "")
                + " and " + used + " are used" + (requested == 1 ? "." : "; " + requested + " more were asked for."));
        this.meter = meter;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
        this.resetsAt = resetsAt;
    }

    public Meter meter() {
        return meter;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public long requested() {
        return requested;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
