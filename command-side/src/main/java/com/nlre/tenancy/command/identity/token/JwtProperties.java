package com.nlre.tenancy.command.identity.token;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How access tokens are signed ({@code nlre.jwt.*}).
 *
 * @param signingKeyFile           PEM PKCS#8 RSA private key that signs tokens (RS256); when unset, the key in
 *                                 {@code generatedKeyFile} is used, generated (2048 bits, mode 600) on first start
 * @param keyId                    the {@code kid} of the signing key; defaults to its RFC 7638 thumbprint
 * @param ttl                      lifetime of an access token
 * @param generatedKeyFile         where the generated signing key is kept
 * @param additionalPublicKeyFiles PEM RSA public keys still accepted and published (the previous key during a
 *                                 rotation); their {@code kid} is their thumbprint
 */
@ConfigurationProperties("nlre.jwt")
public record JwtProperties(String signingKeyFile, String keyId, @DefaultValue("15m") Duration ttl,
                            @DefaultValue("./data/keys/jwt-signing.pem") String generatedKeyFile,
                            List<String> additionalPublicKeyFiles) {

    public JwtProperties {
        additionalPublicKeyFiles = additionalPublicKeyFiles == null ? List.of() : List.copyOf(additionalPublicKeyFiles);
    }
}
