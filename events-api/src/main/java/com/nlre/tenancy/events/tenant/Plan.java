package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The subscription plans sold (seed: Pricing &amp; Plans). */
public enum Plan {
    FREE, STARTER, PROFESSIONAL, ENTERPRISE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Plan fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown plan '" + value + "': expected one of free, starter, professional, enterprise"));
    }

    public static Optional<Plan> parse(String value) {
        return Arrays.stream(values()).filter(plan -> plan.wireName().equals(value)).findFirst();
    }
}
