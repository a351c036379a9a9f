package com.nlre.tenancy.events.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.RandomIds;

import java.util.Objects;

/** A tenant API key's public id, {@code key_} + 16 random base-32 characters. Never the key itself. */
public record ApiKeyId(String value) {

    private static final String PREFIX = "key_";

    @JsonCreator
    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("api key id must look like key_abc123 (lowercase letters and digits)");
        }
    }

    public static ApiKeyId generate() {
        return new ApiKeyId(PREFIX + RandomIds.next(16));
    }

    public static boolean isValid(String candidate) {
        return RandomIds.matches(PREFIX, candidate);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
