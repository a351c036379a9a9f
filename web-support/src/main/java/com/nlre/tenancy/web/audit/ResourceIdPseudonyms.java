package com.nlre.tenancy.web.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps personal data out of the access audit trail where a route puts it in the path: the do-not-call and consent
 * routes carry a phone number as {@code {phone}}. Such a value is recorded as {@value #PREFIX} and the first 128 bits
 * of HMAC-SHA256 over its digits, under a key the services share ({@code nlre.access-audit.pseudonym-key}, base64,
 * at least 32 bytes). The same number therefore always gives the same pseudonym (so an auditor can still ask "who
 * touched this number", see {@link #candidates}), while the trail alone cannot be brute-forced back to numbers, as a
 * plain hash of a ten-digit number could.
 */
public final class ResourceIdPseudonyms {

    public static final String PREFIX = "hmac:";
    /** Path variables whose values are personal data. */
    public static final Set<String> PERSONAL_VARIABLES = Set.of("phone");

    private static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private ResourceIdPseudonyms(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** @param base64Key at least 32 bytes, base64 */
    public static ResourceIdPseudonyms withKey(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("nlre.access-audit.pseudonym-key is not base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("nlre.access-audit.pseudonym-key must be at least " + MIN_KEY_BYTES
                    + " bytes");
        }
        return new ResourceIdPseudonyms(key);
    }

    /** A key of this process only: pseudonyms stay comparable until it restarts, and never match another service's. */
    public static ResourceIdPseudonyms withRandomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new ResourceIdPseudonyms(key);
    }

    public static boolean isPersonal(String variable) {
        return PERSONAL_VARIABLES.contains(variable.toLowerCase(Locale.ROOT));
    }

    /** The value to record for path variable {@code variable}: the value itself, or its pseudonym if personal. */
    public String recordable(String variable, String value) {
        return isPersonal(variable) ? pseudonym(value) : value;
    }

    public String pseudonym(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((digits.isEmpty() ? value : digits).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** What a searched-for resource id may have been recorded as: itself, and its pseudonym were it personal. */
    public Set<String> candidates(String resourceId) {
        return resourceId.startsWith(PREFIX) ? Set.of(resourceId) : Set.of(resourceId, pseudonym(resourceId));
    }
}
