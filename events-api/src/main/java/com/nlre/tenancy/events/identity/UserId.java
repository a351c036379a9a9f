package com.nlre.tenancy.events.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.RandomIds;

import java.util.Objects;

/** A tenant user's id, {@code user_} + 16 random base-32 characters; unique across all tenants. */
public record UserId(String value) {

    private static final String PREFIX = "user_";

    @JsonCreator
    public UserId {
        Objects.requireNonNull(value, "user id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("user id must look like user_abc123 (lowercase letters and digits)");
        }
    }

    public static UserId generate() {
        return new UserId(PREFIX + RandomIds.next(16));
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
