package com.nlre.tenancy.query.agent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An AI agent's status in the read model: {@code active} (may place calls) or {@code retired} (for good). */
public enum AgentStatus {
    ACTIVE, RETIRED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AgentStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst();
    }
}
