package com.nlre.tenancy.command.gdpr;

import com.nlre.tenancy.command.identity.credentials.KeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Path;
import java.util.Base64;

/** The master key that wraps tenant keys: configured, or generated once into a key file (mode 600). */
final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;

    private MasterKey() {
    }

    static SecretKey from(PersonalDataProperties properties) {
        String encoded = properties.masterKey();
        if (encoded == null || encoded.isBlank()) {
            Path file = Path.of(properties.masterKeyFile());
            encoded = KeyFiles.readOrCreate(file, () -> {
                log.warn("nlre.personal-data.master-key is not set: generated a master key in {}; every instance must "
                        + "share it, and losing it makes all sealed personal data unreadable", file);
                return Base64.getEncoder().encodeToString(KeyWrapping.newKey().getEncoded());
            }).strip();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("nlre.personal-data.master-key must be base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("nlre.personal-data.master-key must be 32 bytes (base64 of an AES-256 key)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
