package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's lifecycle: active ⇄ suspended → canceled (final; its retention period runs) → offboarded (its data let
 * go; only the record that it existed remains).
 */
public enum TenantStatus {
    ACTIVE, SUSPENDED, CANCELED, OFFBOARDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TenantStatus fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '" + value + "': expected one of active, suspended, canceled, offboarded"));
    }

    public static Optional<TenantStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst();
    }
}
