package com.nlre.tenancy.web.security;

import java.util.Optional;

/**
 * Checks a presented API key ({@code X-API-Key} header). Empty when the key is unknown, revoked or expired; the
 * answer must not reveal which. Implementations compare hashes in constant time.
 */
public interface ApiKeyVerifier {

    String HEADER = "X-API-Key";

    /**
     * @throws VerificationUnavailable when the key cannot be checked right now (e.g. the credential store is
     *                                  unreachable): answered 503, never as an invalid key
     */
    Optional<TenantPrincipal> verify(String presentedKey);

    /** The key could not be checked at all; the caller should retry, not give up on the key. */
    class VerificationUnavailable extends RuntimeException {

        public VerificationUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
