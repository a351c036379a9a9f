package com.nlre.tenancy.events.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum CallOutcome {
    CONNECTED, VOICEMAIL, NO_ANSWER, BUSY, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CallOutcome fromWireName(String value) {
        for (CallOutcome outcome : values()) {
            if (outcome.wireName().equals(value)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + value
                + "': expected one of connected, voicemail, no_answer, busy, failed");
    }
}
