package com.nlre.tenancy.query.apikey;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An API key's status, computed when it is read: revoked wins over expired, which wins over active. */
public enum ApiKeyStatus {
    ACTIVE, REVOKED, EXPIRED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApiKeyStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst();
    }
}
