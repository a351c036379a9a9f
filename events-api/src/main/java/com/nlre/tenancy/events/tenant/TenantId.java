package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.RandomIds;

import java.util.Objects;

/**
 * A tenant's readable, unguessable id: {@code tenant_} followed by 16 lowercase base-32 characters (80 random bits),
 * e.g. {@code tenant_k3v9q2m8x4t7c1bd}. Knowing one tenant's id tells nothing about another's.
 */
public record TenantId(String value) {

    private static final String PREFIX = "tenant_";

    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("tenant id must look like tenant_abc123 (lowercase letters and digits)");
        }
    }

    public static TenantId generate() {
        return new TenantId(PREFIX + RandomIds.next(16));
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
