package com.nlre.tenancy.command.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.web.security.JwtClaimNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens that are forged, altered, out of their validity or meant for someone else are all refused with the
 * same 401 problem, while the same token built correctly (the control) is accepted: each forgery fails for its one
 * defect. Complements LoginApiTest (tampered tenant, alg none, garbage, bad signature, expired).
 */
class ForgedAccessTokensAreRefusedApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private SigningKeys keys;

    private TenantOwner owner;
    private TenantOwner victim;

    @BeforeEach
    void twoTenants() {
        owner = createTenantWithOwner(PASSWORD);
        victim = createTenantWithOwner(PASSWORD);
    }

    /** A forgery: what it changes in the control token's claims or how it signs them. */
    private record Forgery(String name, BiFunction<ForgedAccessTokensAreRefusedApiTest, JWTClaimsSet.Builder, String> token) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> forgeries() {
        Instant now = Instant.now();
        return Stream.of(
                forgery("alg none", (test, claims) -> unsigned(claims.build())),
                forgery("HS256 keyed with the public key (algorithm confusion)",
                        (test, claims) -> test.hmacWithPublicKey(claims.build())),
                forgery("signed with another RSA key under the platform's kid",
                        (test, claims) -> test.signWithForeignKey(claims.build(), test.keys.signingKey().getKeyID())),
                forgery("signed with another key announced by a jku header",
                        (test, claims) -> test.signWithForeignKey(claims.build(), "attacker")),
                forgery("expired two minutes ago", (test, claims) -> test.sign(claims
                        .issueTime(Date.from(now.minus(Duration.ofMinutes(17))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(2)))).build())),
                forgery("not valid before ten minutes from now", (test, claims) -> test.sign(claims
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10)))).build())),
                forgery("issued ten minutes in the future", (test, claims) -> test.sign(claims
                        .issueTime(Date.from(now.plus(Duration.ofMinutes(10))))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(25)))).build())),
                forgery("without expiry", (test, claims) -> test.sign(claims.expirationTime(null).build())),
                forgery("without issue time", (test, claims) -> test.sign(claims.issueTime(null).build())),
                forgery("from another issuer", (test, claims) -> test.sign(claims.issuer("https://evil.example")
                        .build())),
                forgery("for another audience", (test, claims) -> test.sign(claims.audience("another-api").build())),
                forgery("without audience", (test, claims) -> test.sign(claims.audience((String) null).build())),
                forgery("tenant swapped after signing", (test, claims) -> test.altered(claims.build(),
                        test.owner.tenantId(), test.victim.tenantId())),
                forgery("permissions raised after signing", (test, claims) -> test.altered(
                        claims.claim(JwtClaimNames.PERMISSIONS, List.of("leads.read")).build(),
                        "[\"leads.read\"]", "[\"leads.read\",\"leads.write\",\"users.manage\"]")));
    }

    private static Arguments forgery(String name,
                                     BiFunction<ForgedAccessTokensAreRefusedApiTest, JWTClaimsSet.Builder, String> token) {
        return Arguments.of(new Forgery(name, token));
    }

    @Test
    void theControlTokenIsAccepted() {
        Response response = asUser(sign(controlClaims().build()), "POST", "/api/v1/leads", lead());

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedTokenIsRefusedAsUnauthenticated(Forgery forgery) {
        String token = forgery.token().apply(this, controlClaims());

        Response response = asUser(token, "POST", "/api/v1/leads", lead());

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.body()).doesNotContain("com.nlre").doesNotContain("Exception").doesNotContain("nimbus");
    }

    /** The claims a login issues to the owner (leads.write among its permissions), valid now for 15 minutes. */
    private JWTClaimsSet.Builder controlClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(JwtClaimNames.ISSUER)
                .audience(JwtClaimNames.AUDIENCE)
                .subject(owner.ownerUserId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString())
                .claim(JwtClaimNames.USER_ID, owner.ownerUserId())
                .claim(JwtClaimNames.TENANT_ID, owner.tenantId())
                .claim(JwtClaimNames.ROLE, "owner")
                .claim(JwtClaimNames.PERMISSIONS, List.of("leads.read", "leads.write"));
    }

    private String sign(JWTClaimsSet claims) {
        RSAKey key = keys.signingKey();
        return signed(claims, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build(), key);
    }

    private String signWithForeignKey(JWTClaimsSet claims, String keyId) {
        try {
            RSAKey foreign = new RSAKeyGenerator(2048).keyID(keyId).generate();
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId);
            if ("attacker".equals(keyId)) {
                header.jwkURL(URI.create("https://evil.example/jwks.json")).jwk(foreign.toPublicJWK());
            }
            return signed(claims, header.build(), foreign);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            byte[] secret = keys.signingKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .keyID(keys.signingKey().getKeyID()).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correctly signed token whose payload has {@code from} replaced by {@code to}, keeping the signature. */
    private String altered(JWTClaimsSet claims, String from, String to) {
        String[] parts = sign(claims).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains(from);
        return parts[0] + "." + base64Url(payload.replace(from, to)) + "." + parts[2];
    }

    private static String unsigned(JWTClaimsSet claims) {
        return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(claims.toString()) + ".";
    }

    private static String signed(JWTClaimsSet claims, JWSHeader header, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String lead() {
        return "{\"contact\":{\"name\":\"Mary Seller\",\"phones\":[\"+15551239876\"]}}";
    }
}
