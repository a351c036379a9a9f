package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a tenant export job is: {@code queued} → {@code running} → {@code completed} or {@code failed}. */
public enum ExportState {
    QUEUED, RUNNING, COMPLETED, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportState> parse(String value) {
        return Arrays.stream(values()).filter(state -> state.wireName().equals(value)).findFirst();
    }
}
