package com.nlre.tenancy.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock for integration tests: the system's time unless a test freezes or advances it (reset after each test). */
public final class TestClock extends Clock {

    private volatile Instant frozen;
    private volatile Duration offset = Duration.ZERO;

    public void freezeAt(Instant instant) {
        frozen = instant;
    }

    public void advance(Duration duration) {
        if (frozen != null) {
            frozen = frozen.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    public void reset() {
        frozen = null;
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant now = frozen;
        return now != null ? now : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
