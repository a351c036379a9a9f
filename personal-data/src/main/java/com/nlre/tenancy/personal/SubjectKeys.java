package com.nlre.tenancy.personal;

import javax.crypto.SecretKey;
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

    /** The key {@code subject}'s data opens with; empty when it was forgotten, its tenant shredded, or never existed. */
    Optional<SecretKey> openingKey(DataSubject subject);
}
