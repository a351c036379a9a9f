package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum TenantStatus {
    ACTIVE, SUSPENDED, CANCELED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TenantStatus fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '" + value + "': expected one of active, suspended, canceled"));
    }

    public static Optional<TenantStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst();
    }
}
