package com.nlre.tenancy.query.gdpr;

/**
 * The command side could not answer for subject keys: an outage, not an erasure. Whoever was reading retries later
 * (the consumer backs off and keeps its place); nothing is read as erased because of it.
 */
public class SubjectKeysUnavailable extends RuntimeException {

    public SubjectKeysUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
