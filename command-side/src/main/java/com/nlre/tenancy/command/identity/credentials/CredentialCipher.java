package com.nlre.tenancy.command.identity.credentials;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts small secrets (TOTP secrets) at rest with AES-256-GCM: a fresh 96-bit random nonce per value, a 128-bit
 * tag, and the owning user's id as associated data, so a ciphertext copied onto another user's row does not decrypt.
 * Stored form: {@code v1:} + base64(nonce ‖ ciphertext ‖ tag).
 */
@Component
public class CredentialCipher {

    private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);
    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(CredentialProperties properties) {
        this.key = new SecretKeySpec(keyBytes(properties), "AES");
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws IllegalStateException when the value was not sealed by this key for this associated data */
    public String decrypt(String stored, String associatedData) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("not an encrypted credential");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("an encrypted credential does not decrypt with the configured key");
        }
    }

    private byte[] keyBytes(CredentialProperties properties) {
        String encoded = properties.encryptionKey();
        if (encoded == null || encoded.isBlank()) {
            Path file = Path.of(properties.keyFile());
            encoded = KeyFiles.readOrCreate(file, () -> {
                log.warn("nlre.credentials.encryption-key is not set: generated a credential encryption key in {}; "
                        + "every instance must share it, and losing it makes MFA secrets unreadable", file);
                byte[] generated = new byte[KEY_BYTES];
                random.nextBytes(generated);
                return Base64.getEncoder().encodeToString(generated);
            }).strip();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("nlre.credentials.encryption-key must be base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("nlre.credentials.encryption-key must be 32 bytes (base64 of an AES-256 key)");
        }
        return bytes;
    }
}
