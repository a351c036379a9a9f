package com.nlre.tenancy.command.identity.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nlre.tenancy.web.security.JwtDecoders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class JwtConfiguration {

    /**
     * The command side verifies access tokens with its own public keys, the same ones it publishes as JWKS: RS256
     * only (so {@code alg: none} and HMAC tokens are refused), then the platform's checks (expiry, issuer, audience).
     * A token's signature is verified on its first use in this process ({@link VerifiedTokenCache}); the platform's
     * checks run on every use.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(keys.publicKeys())));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(JwtDecoders.platformValidator(clock));
        return new VerifiedTokenCache(decoder, JwtDecoders.platformValidator(clock), 100_000, Duration.ofMinutes(15));
    }
}
