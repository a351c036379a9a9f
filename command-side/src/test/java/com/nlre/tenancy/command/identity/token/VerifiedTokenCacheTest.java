package com.nlre.tenancy.command.identity.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.BadJwtException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTest {

    private static final KeyPair KEYS = rsaKeys();
    private static final KeyPair OTHER_KEYS = rsaKeys();

    private final Instant now = Instant.now();
    private final AtomicInteger verifications = new AtomicInteger();
    private final NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
    private final JwtDecoder countingVerifier = token -> {
        verifications.incrementAndGet();
        return nimbus.decode(token);
    };

    @Test
    void verifiesTheSignatureOfATokenOnlyOnItsFirstUse() {
        VerifiedTokenCache cache = new VerifiedTokenCache(countingVerifier, timestamps(Clock.systemUTC()), 100,
                Duration.ofMinutes(15));
        String token = token(KEYS, now.plusSeconds(900), "user_a");

        assertThat(cache.decode(token).getSubject()).isEqualTo("user_a");
        assertThat(cache.decode(token).getSubject()).isEqualTo("user_a");
        assertThat(cache.decode(token(KEYS, now.plusSeconds(900), "user_b")).getSubject()).isEqualTo("user_b");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusesARememberedTokenOnceItHasExpired() {
        MovableClock clock = new MovableClock(now);
        VerifiedTokenCache cache = new VerifiedTokenCache(countingVerifier, timestamps(clock), 100,
                Duration.ofMinutes(15));
        String token = token(KEYS, now.plusSeconds(60), "user_a");
        cache.decode(token);

        clock.advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void neverRemembersATokenWhoseSignatureFails() {
        VerifiedTokenCache cache = new VerifiedTokenCache(countingVerifier, timestamps(Clock.systemUTC()), 100,
                Duration.ofMinutes(15));
        String forged = token(OTHER_KEYS, now.plusSeconds(900), "user_a");

        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private static JwtTimestampValidator timestamps(Clock clock) {
        JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ZERO);
        validator.setClock(clock);
        return validator;
    }

    private static String token(KeyPair keys, Instant expiresAt, String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject(subject).issueTime(new Date()).expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant instant;

        MovableClock(Instant start) {
            this.instant = start;
        }

        void advance(Duration duration) {
            instant = instant.plus(duration);
        }

        @Override
        public Instant instant() {
            return instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
