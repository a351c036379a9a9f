package com.nlre.tenancy.command.identity.token;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nlre.tenancy.command.identity.LoginGrant;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.JwtClaimNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues access tokens: RS256 JWTs with the seed's claims ({@code userId}, {@code tenantId}, {@code role},
 * {@code permissions}) plus {@code sub}, {@code iss}, {@code aud}, {@code iat}, {@code exp} and {@code jti}.
 */
@Component
public class AccessTokens {

    private final NimbusJwtEncoder encoder;
    private final String keyId;
    private final JwtProperties properties;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, JwtProperties properties, Clock clock) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())));
        this.keyId = keys.signingKey().getKeyID();
        this.properties = properties;
        this.clock = clock;
    }

    public record AccessToken(String value, long expiresInSeconds) {

        @Override
        public String toString() {
            return "AccessToken[redacted]";
        }
    }

    public AccessToken issue(TenantId tenantId, UserId userId, LoginGrant grant) {
        Instant now = clock.instant();
        List<String> permissions = grant.permissions().stream().map(Permission::wireName).sorted().toList();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(JwtClaimNames.ISSUER)
                .audience(List.of(JwtClaimNames.AUDIENCE))
                .subject(userId.value())
                .issuedAt(now)
                .expiresAt(now.plus(properties.ttl()))
                .id(UUID.randomUUID().toString())
                .claim(JwtClaimNames.USER_ID, userId.value())
                .claim(JwtClaimNames.TENANT_ID, tenantId.value())
                .claim(JwtClaimNames.ROLE, grant.role().wireName())
                .claim(JwtClaimNames.PERMISSIONS, permissions)
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(token, properties.ttl().toSeconds());
    }
}
