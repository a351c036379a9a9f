package com.nlre.tenancy.command.identity.login;

/** Too many failed attempts from this user or source; answered 429 with {@code Retry-After}. */
public class TooManyAttempts extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyAttempts(long retryAfterSeconds) {
        super("Too many failed attempts; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
