package com.nlre.tenancy.query.user;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant user's status in the read model: {@code active}, {@code inactive} (deactivated, may be reactivated) or
 * {@code removed} (left the tenant for good; a tombstone without personal data).
 */
public enum UserStatus {
    ACTIVE, INACTIVE, REMOVED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UserStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(value)).findFirst();
    }
}
