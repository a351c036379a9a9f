package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What kind of real-estate business a tenant runs. */
public enum BusinessType {
    WHOLESALE, FIX_FLIP, RENTAL, BROKERAGE, OTHER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BusinessType fromWireName(String value) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown business type '" + value
                        + "': expected one of wholesale, fix_flip, rental, brokerage, other"));
    }
}
