package com.nlre.tenancy.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Remembers operator credentials that were verified, so the password hash (BCrypt, deliberately slow) is computed once
 * per credential and period rather than on every operator request. Service-to-service calls (the query side fetching
 * subject keys, pages of events for rebuilds, the billing run) authenticate as the operator many times a second.
 *
 * <p>Only successes are remembered, under the SHA-256 of user name and password (never the password itself): a wrong
 * password always pays the full hash, so guessing stays as slow as before. A remembered credential expires after
 * {@code maximumAge}; a changed operator password takes effect at the next start, as before.
 */
final class RememberedOperatorCredentials implements AuthenticationProvider {

    private final AuthenticationProvider verifier;
    private final Cache<String, Authentication> verified;

    RememberedOperatorCredentials(AuthenticationProvider verifier, int maximumSize, Duration maximumAge) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication.getCredentials() instanceof String password)) {
            return verifier.authenticate(authentication);
        }
        String fingerprint = fingerprint(authentication.getName(), password);
        Authentication remembered = verified.getIfPresent(fingerprint);
        if (remembered != null) {
            return remembered;
        }
        Authentication result = verifier.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            verified.put(fingerprint, result);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String fingerprint(String username, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(username.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
