package com.nlre.tenancy.command.usage;

import java.time.Instant;

/**
 * A command would take the tenant past a hard plan limit; nothing was stored. Answered 429 naming the quota, the
 * limit, the amount used and, for periodic meters, when it resets.
 */
public class QuotaExceeded extends RuntimeException {

    private final Meter meter;
    private final long limit;
    private final long used;
    private final Instant resetsAt;

    public QuotaExceeded(Meter meter, long limit, long used, Instant resetsAt) {
        super("The plan allows " + limit + " " + meter.wireName() + (meter.periodic() ? " per billing month" : "")
                + " and " + used + " are used.");
        this.meter = meter;
        this.limit = limit;
        this.used = used;
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

    public Instant resetsAt() {
        return resetsAt;
    }
}
