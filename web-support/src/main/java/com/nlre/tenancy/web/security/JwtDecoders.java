package com.nlre.tenancy.web.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The checks every access token must pass on every service: signature (by the decoder), expiry and not-before (60 s
 * clock skew), issuer, audience, and {@code exp} and {@code iat} present with {@code iat} at most
 * {@link #ISSUED_AT_SKEW} ahead (a token without expiry, or minted ahead of time, is refused).
 */
public final class JwtDecoders {

    private JwtDecoders() {
    }

    /**
     * How far ahead of this service's clock a token's {@code iat} may lie: the issuer's clock may run ahead a little,
     * a token minted for later may not.
     */
    public static final Duration ISSUED_AT_SKEW = Duration.ofMinutes(5);

    public static OAuth2TokenValidator<Jwt> platformValidator() {
        return platformValidator(Clock.systemUTC());
    }

    /**
     * @param serviceClock the clock the service issues and decides with; {@code iat} is checked against the later of
     *                     it and the system clock (the same in production), so a service clock that was moved (tests,
     *                     drills) never makes a token it just issued look early
     */
    public static OAuth2TokenValidator<Jwt> platformValidator(Clock serviceClock) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(JwtClaimNames.ISSUER),
                new JwtClaimValidator<Collection<String>>("aud",
                        audience -> audience != null && audience.contains(JwtClaimNames.AUDIENCE)),
                new JwtClaimValidator<Instant>("exp", expiresAt -> expiresAt != null),
                new JwtClaimValidator<Instant>("iat", issuedAt -> issuedAt != null
                        && !issuedAt.isAfter(later(serviceClock.instant(), Instant.now()).plus(ISSUED_AT_SKEW))));
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    /** A decoder that fetches (and caches) the issuer's public keys from its JWKS endpoint; RS256 only. */
    public static NimbusJwtDecoder fromJwkSetUri(String jwkSetUri) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(platformValidator());
        return decoder;
    }
}
