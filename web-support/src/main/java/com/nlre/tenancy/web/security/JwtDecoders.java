package com.nlre.tenancy.web.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.Collection;

/** The checks every access token must pass on every service: signature (by the decoder), expiry, issuer, audience. */
public final class JwtDecoders {

    private JwtDecoders() {
    }

    public static OAuth2TokenValidator<Jwt> platformValidator() {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(JwtClaimNames.ISSUER),
                new JwtClaimValidator<Collection<String>>("aud",
                        audience -> audience != null && audience.contains(JwtClaimNames.AUDIENCE)));
    }

    /** A decoder that fetches (and caches) the issuer's public keys from its JWKS endpoint; RS256 only. */
    public static NimbusJwtDecoder fromJwkSetUri(String jwkSetUri) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(platformValidator());
        return decoder;
    }
}
