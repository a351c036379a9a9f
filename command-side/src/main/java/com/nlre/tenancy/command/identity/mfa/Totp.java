package com.nlre.tenancy.command.identity.mfa;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps compute them: HMAC-SHA1, 6 digits, 30-second steps,
 * one step of drift accepted either way. Time comes from the injected clock. {@link #verifiedStep} names the time step
 * a code belongs to, so a caller can accept each step once (RFC 6238 section 5.2).
 */
@Component
public class Totp {

    public static final String ISSUER = "NLRE";
    private static final int DIGITS = 6;
    private static final int PERIOD_SECONDS = 30;
    /** 32 base-32 characters: 160 bits, the HMAC-SHA1 key size RFC 4226 recommends. */
    private static final int SECRET_LENGTH = 32;
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");

    private static final int ALLOWED_DRIFT_STEPS = 1;

    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(SECRET_LENGTH);
    private final DefaultCodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    private final Clock clock;

    public Totp(Clock clock) {
        this.clock = clock;
    }

    /** A new base-32 secret. */
    public String newSecret() {
        return secrets.generate();
    }

    public boolean verify(String secret, String code) {
        return verifiedStep(secret, code).isPresent();
    }

    /** The time step (seconds since the epoch / 30) whose code {@code code} is, within the allowed drift. */
    public OptionalLong verifiedStep(String secret, String code) {
        if (secret == null || code == null || !CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long current = clock.instant().getEpochSecond() / PERIOD_SECONDS;
        OptionalLong matched = OptionalLong.empty();
        for (long step = current - ALLOWED_DRIFT_STEPS; step <= current + ALLOWED_DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(codeAt(secret, step), code.getBytes(StandardCharsets.US_ASCII))) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    private byte[] codeAt(String secret, long step) {
        try {
            return codes.generate(secret, step).getBytes(StandardCharsets.US_ASCII);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("a stored TOTP secret is not valid base 32", e);
        }
    }

    /** The {@code otpauth://} URI authenticator apps enrol from (usually shown as a QR code). */
    public String otpauthUri(String secret, String accountLabel) {
        return new QrData.Builder().label(accountLabel).secret(secret).issuer(ISSUER)
                .algorithm(HashingAlgorithm.SHA1).digits(DIGITS).period(PERIOD_SECONDS).build().getUri();
    }
}
