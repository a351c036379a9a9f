package com.nlre.tenancy.personal;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * AES-256-GCM sealing of one serialized personal value: a fresh 96-bit random nonce per value, a 128-bit tag, and
 * associated data binding the tenant, the data subject and the field, so a sealed value moved to another tenant,
 * subject or field does not open. Sealed form: {@value #PREFIX} + base64(nonce ‖ ciphertext ‖ tag).
 */
public final class SealedValues {

    public static final String PREFIX = "pd1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedValues() {
    }

    public static String seal(SecretKey key, DataSubject subject, String field, byte[] clear) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(subject, field));
            byte[] sealed = cipher.doFinal(clear);
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The clear bytes; empty when {@code sealed} is malformed or was not sealed with this key for this subject and field. */
    public static Optional<byte[]> open(SecretKey key, DataSubject subject, String field, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (bytes.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(subject, field));
            return Optional.of(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] associatedData(DataSubject subject, String field) {
        return ("nlre-pd1|" + subject.tenantId() + "|" + subject.type().wireName() + "|" + subject.subjectId() + "|"
                + field).getBytes(StandardCharsets.UTF_8);
    }
}
