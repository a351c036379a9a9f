package com.nlre.tenancy.events.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.RandomIds;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A lead's id within its tenant: client-supplied (so imports are idempotent) or generated as {@code lead_} + 16
 * random characters. Unique only within a tenant: two tenants may use the same lead id.
 */
public record LeadId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @JsonCreator
    public LeadId {
        Objects.requireNonNull(value, "lead id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("lead id must be 1-64 letters, digits, '_' or '-'");
        }
    }

    public static LeadId generate() {
        return new LeadId("lead_" + RandomIds.next(16));
    }

    public static boolean isValid(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
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
