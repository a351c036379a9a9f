package com.nlre.tenancy.events.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum CallDirection {
    OUTBOUND, INBOUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CallDirection fromWireName(String value) {
        for (CallDirection direction : values()) {
            if (direction.wireName().equals(value)) {
                return direction;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + value + "': expected outbound or inbound");
    }
}
