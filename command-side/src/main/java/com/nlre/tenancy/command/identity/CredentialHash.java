package com.nlre.tenancy.command.identity;

import java.util.Objects;

/** A password hash or API-key hash on its way to the credential store. Never printed: {@link #toString()} hides it. */
public record CredentialHash(String value) {

    public CredentialHash {
        Objects.requireNonNull(value, "hash");
    }

    @Override
    public String toString() {
        return "CredentialHash[redacted]";
    }
}
