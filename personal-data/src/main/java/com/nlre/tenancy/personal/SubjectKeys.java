package com.nlre.tenancy.personal;

import javax.crypto.SecretKey;
import java.util.Collection;
import java.util.Optional;

/** Where the data keys of data subjects come from: the command side's key store, or the query side's view of it. */
public interface SubjectKeys {

    /**
     * The key new personal data of {@code subject} is sealed with, created on first use (concurrent first uses agree on
     * one key).
     *
     * @throws SubjectForgottenException when the subject (or its tenant) was forgotten: its key is never re-created
     */
    SecretKey sealingKey(DataSubject subject);

    /**
     * The key {@code subject}'s data opens with; empty when it was forgotten, its tenant shredded, or never existed.
     * May throw when the keys cannot be reached at all: an outage is not an erasure.
     */
    Optional<SecretKey> openingKey(DataSubject subject);

    /** A hint that these subjects' keys are about to be needed: a remote source fetches them in one call. */
    default void prefetch(Collection<DataSubject> subjects) {
    }

    /** Tells a caching source that {@code subject} was forgotten: its key must not be used again. */
    default void forgotten(DataSubject subject) {
    }

    /** Tells a caching source that the tenant's key was shredded: no key of the tenant may be used again. */
    default void tenantShredded(String tenantId) {
    }

    /** A reader that holds no keys at all: every sealed value reads as erased; it seals nothing. */
    static SubjectKeys none() {
        return new SubjectKeys() {
            @Override
            public SecretKey sealingKey(DataSubject subject) {
                throw new IllegalStateException("a reader without keys cannot seal personal data");
            }

            @Override
            public Optional<SecretKey> openingKey(DataSubject subject) {
                return Optional.empty();
            }
        };
    }
}
