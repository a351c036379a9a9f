package com.nlre.tenancy.events.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant's readable, unguessable id: {@code tenant_} followed by 16 lowercase base-32 characters (80 random bits),
 * e.g. {@code tenant_k3v9q2m8x4t7c1bd}. Knowing one tenant's id tells nothing about another's.
 */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("tenant_[a-z0-9]{6,32}");
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant id must look like tenant_abc123 (lowercase letters and digits)");
        }
    }

    public static TenantId generate() {
        char[] random = new char[16];
        for (int i = 0; i < random.length; i++) {
            random[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new TenantId("tenant_" + new String(random));
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
