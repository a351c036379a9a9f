package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.identity.credentials.CredentialCipher;
import com.nlre.tenancy.command.identity.credentials.CredentialProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void sealsEachValueWithAFreshNonceAndOpensItForTheSameOwnerOnly() {
        CredentialCipher cipher = new CredentialCipher(new CredentialProperties(KEY, "unused", 4));
        String first = cipher.encrypt("JBSWY3DPEHPK3PXP", "user_a1b2c3");
        String second = cipher.encrypt("JBSWY3DPEHPK3PXP", "user_a1b2c3");

        assertThat(first).startsWith("v1:").isNotEqualTo(second).doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(cipher.decrypt(first, "user_a1b2c3")).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> cipher.decrypt(first, "user_d4e5f6")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAValueSealedUnderAnotherKey() {
        String sealed = new CredentialCipher(new CredentialProperties(KEY, "unused", 4)).encrypt("secret", "user_a1b2c3");
        CredentialCipher other = new CredentialCipher(new CredentialProperties(
                "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=", "unused", 4));
        assertThatThrownBy(() -> other.decrypt(sealed, "user_a1b2c3")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generatesAKeyFileReadableByItsOwnerOnlyAndReusesItAfterARestart(@TempDir Path directory) throws Exception {
        Path keyFile = directory.resolve("keys/credentials.key");
        String sealed = new CredentialCipher(new CredentialProperties(null, keyFile.toString(), 4))
                .encrypt("secret", "user_a1b2c3");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(new CredentialCipher(new CredentialProperties(null, keyFile.toString(), 4))
                .decrypt(sealed, "user_a1b2c3")).isEqualTo("secret");
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new CredentialCipher(new CredentialProperties("c2hvcnQ=", "unused", 4)))
                .isInstanceOf(IllegalStateException.class);
    }
}
