package com.nlre.tenancy.command.identity.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Duration;

/**
 * Verifies each distinct access token's RS256 signature once per process, then remembers the decoded token: a client
 * sends the same token with every request for its 15 minutes, and the RSA verification was the largest single cost of
 * an accepted command on the write path (JFR, see BENCHMARKS.md). Only tokens the verifier accepted are remembered,
 * keyed by their exact text; every use still passes {@code validator} (expiry, issuer, audience) again, so an expired
 * token is refused even when remembered. Bounded in size and in age (a token's whole lifetime at most).
 */
public final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier  checks the signature and {@code validator}; its answer is remembered
     * @param validator the checks that depend on the time of use, applied to every remembered token
     */
    public VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maximumSize,
                              Duration maximumAge) {
        this.verifier = verifier;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt remembered = verified.getIfPresent(token);
        if (remembered == null) {
            Jwt jwt = verifier.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(remembered);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("the access token is no longer valid", result.getErrors());
        }
        return remembered;
    }
}
