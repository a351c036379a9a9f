package com.nlre.tenancy.command.identity.credentials;

import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.command.identity.IdentityRules;
import com.nlre.tenancy.events.RandomIds;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Password hashing with BCrypt. {@link #matchesNobody} spends the same time as a real check, so an unknown user
 * answers as slowly as a wrong password.
 */
@Component
public class Passwords {

    private static final int TEMPORARY_PASSWORD_LENGTH = 20;

    private final BCryptPasswordEncoder encoder;
    private final String dummyHash;

    public Passwords(CredentialProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.bcryptStrength());
        this.dummyHash = encoder.encode(RandomIds.next(TEMPORARY_PASSWORD_LENGTH));
    }

    /** Checks the policy ({@link IdentityRules#validPassword}) and hashes. */
    public CredentialHash hash(String field, String password) {
        return new CredentialHash(encoder.encode(IdentityRules.validPassword(field, password)));
    }

    public boolean matches(String password, String hash) {
        if (password == null || hash == null || tooLong(password)) {
            matchesNobody();
            return false;
        }
        return encoder.matches(password, hash);
    }

    public void matchesNobody() {
        encoder.matches("not-a-password", dummyHash);
    }

    /** A random password (100 bits) for an owner created without one; shown once. */
    public static String temporary() {
        return RandomIds.next(TEMPORARY_PASSWORD_LENGTH);
    }

    private static boolean tooLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > IdentityRules.MAX_PASSWORD_BYTES;
    }
}
