package com.nlre.tenancy.query.deadletter;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a record is parked. */
public enum DeadLetterKind {
    /** The record can never be projected as it is (not an envelope, a payload that does not fit its type…). */
    UNPROJECTABLE_RECORD,
    /** A projection failed on it every one of its attempts. */
    PROJECTION_ERROR,
    /**
     * Never tried: an earlier event of the same aggregate is parked, and the aggregate's events apply in order, so it
     * waits behind that one.
     */
    WAITING_BEHIND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DeadLetterKind> fromWireName(String value) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(value)).findFirst();
    }
}
