package com.nlre.tenancy.query;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.JwtClaimNames;
import com.nlre.tenancy.web.security.JwtDecoders;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Access tokens as the command side issues them (RS256, claims sub = userId, userId, tenantId, role, permissions,
 * iss, aud, iat, exp), signed with a key made for this test run, and a {@link JwtDecoder} that trusts only that key
 * and applies the platform's validators.
 */
public final class TestJwts {

    private static final KeyPair PLATFORM_KEY = rsaKeyPair();
    private static final KeyPair FOREIGN_KEY = rsaKeyPair();

    private TestJwts() {
    }

    /** Replaces the JWKS-fetching decoder: tokens are verified with the test run's public key. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class DecoderConfiguration {

        @Bean
        JwtDecoder testJwtDecoder() {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) PLATFORM_KEY.getPublic()).build();
            decoder.setJwtValidator(JwtDecoders.platformValidator());
            return decoder;
        }
    }

    /** A valid token for the user, expiring in 15 minutes. */
    public static String token(TenantId tenantId, UserId userId, Role role, Collection<Permission> permissions) {
        return sign(PLATFORM_KEY, claims(tenantId, userId, role, permissions, Instant.now().plus(Duration.ofMinutes(15))));
    }

    /** Correct claims, signed with a key the platform does not know. */
    public static String signedWithAnotherKey(TenantId tenantId, UserId userId, Role role,
                                              Collection<Permission> permissions) {
        return sign(FOREIGN_KEY, claims(tenantId, userId, role, permissions, Instant.now().plus(Duration.ofMinutes(15))));
    }

    /** Signed by the platform, but expired ten minutes ago (beyond any clock-skew allowance). */
    public static String expired(TenantId tenantId, UserId userId, Role role, Collection<Permission> permissions) {
        return sign(PLATFORM_KEY, claims(tenantId, userId, role, permissions, Instant.now().minus(Duration.ofMinutes(10))));
    }

    /** The same claims with header {@code {"alg":"none"}} and no signature. */
    public static String unsigned(TenantId tenantId, UserId userId, Role role, Collection<Permission> permissions) {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String valid = token(tenantId, userId, role, permissions);
        return header + "." + valid.split("\\.")[1] + ".";
    }

    /** A valid token whose payload had its tenantId claim replaced afterwards, keeping the original signature. */
    public static String withTenantReplaced(String token, TenantId original, TenantId replacement) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(original.value(), replacement.value());
        return parts[0] + "." + base64Url(payload) + "." + parts[2];
    }

    private static JwtClaimsSet claims(TenantId tenantId, UserId userId, Role role,
                                       Collection<Permission> permissions, Instant expiresAt) {
        return JwtClaimsSet.builder()
                .subject(userId.value())
                .claim(JwtClaimNames.USER_ID, userId.value())
                .claim(JwtClaimNames.TENANT_ID, tenantId.value())
                .claim(JwtClaimNames.ROLE, role.wireName())
                .claim(JwtClaimNames.PERMISSIONS, permissions.stream().map(Permission::wireName).toList())
                .issuer(JwtClaimNames.ISSUER)
                .audience(List.of(JwtClaimNames.AUDIENCE))
                .issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
                .expiresAt(expiresAt)
                .build();
    }

    private static String sign(KeyPair key, JwtClaimsSet claims) {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) key.getPublic()).privateKey(key.getPrivate()).keyID("test").build();
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("test").build(),
                claims)).getTokenValue();
    }

    private static String base64Url(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
