package com.nlre.tenancy.command.identity.credentials;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the credential store ({@code nlre.credentials.*}).
 *
 * @param encryptionKey  base64 of the 32-byte AES key that encrypts MFA secrets at rest; when unset the key is read
 *                       from {@code keyFile}, which is generated (mode 600) on first start. Every instance of the
 *                       service must use the same key.
 * @param keyFile        where the generated key is kept
 * @param bcryptStrength BCrypt's cost factor (log2 rounds) for password hashes
 */
@ConfigurationProperties("nlre.credentials")
public record CredentialProperties(String encryptionKey,
                                   @DefaultValue("./data/keys/credentials.key") String keyFile,
                                   @DefaultValue("10") int bcryptStrength) {
}
