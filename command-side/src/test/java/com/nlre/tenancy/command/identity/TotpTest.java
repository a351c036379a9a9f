package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.identity.mfa.Totp;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

    /** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base 32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static Totp at(String instant) {
        return new Totp(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void acceptsTheRfc6238TestVectorsSixDigitCodes() {
        assertThat(at("1970-01-01T00:00:59Z").verify(RFC_SECRET, "287082")).isTrue();
        assertThat(at("2005-03-18T01:58:29Z").verify(RFC_SECRET, "081804")).isTrue();
        assertThat(at("2009-02-13T23:31:30Z").verify(RFC_SECRET, "005924")).isTrue();
    }

    @Test
    void acceptsOneStepOfDriftButNotTwo() {
        assertThat(at("1970-01-01T00:01:29Z").verify(RFC_SECRET, "287082")).as("one step later").isTrue();
        assertThat(at("1970-01-01T00:01:59Z").verify(RFC_SECRET, "287082")).as("two steps later").isFalse();
    }

    @Test
    void namesTheTimeStepACodeBelongsTo() {
        assertThat(at("1970-01-01T00:01:29Z").verifiedStep(RFC_SECRET, "287082")).hasValue(1L);
        assertThat(at("1970-01-01T00:00:59Z").verifiedStep(RFC_SECRET, "287083")).isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        Totp totp = at("1970-01-01T00:00:59Z");
        assertThat(totp.verify(RFC_SECRET, null)).isFalse();
        assertThat(totp.verify(RFC_SECRET, "28708")).isFalse();
        assertThat(totp.verify(RFC_SECRET, "2870822")).isFalse();
        assertThat(totp.verify(RFC_SECRET, "abcdef")).isFalse();
    }

    @Test
    void generatesA160BitSecretAndAnOtpauthUri() {
        Totp totp = at("2026-01-01T00:00:00Z");
        String secret = totp.newSecret();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(totp.otpauthUri(secret, "jane@acme.test"))
                .startsWith("otpauth://totp/").contains("secret=" + secret, "issuer=NLRE", "digits=6", "period=30");
    }
}
