package com.nlre.tenancy.command.identity.apikey;

import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.events.RandomIds;
import com.nlre.tenancy.events.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant API key format (seed section 4): {@code nlre_<tenantId>_sk_live_<secret>}, the secret being 32 base-32
 * characters from a CSPRNG (160 bits). Stored only as the SHA-256 of the whole key: with that much randomness a fast
 * hash cannot be reversed, and it lets a presented key be found by its hash.
 */
public final class ApiKeys {

    private static final String PREFIX = "nlre_";
    private static final String MARKER = "_sk_live_";
    private static final int SECRET_LENGTH = 32;
    private static final Pattern FORMAT = Pattern.compile("nlre_(tenant_[a-z0-9]{6,32})_sk_live_[a-z0-9]{32}");

    private ApiKeys() {
    }

    /** A key as shown once to its creator. Never printed. */
    public record IssuedKey(String key, String displayPrefix, String lastFour, CredentialHash hash) {

        @Override
        public String toString() {
            return "IssuedKey[" + displayPrefix + "…" + lastFour + "]";
        }
    }

    public static IssuedKey generate(TenantId tenantId) {
        String key = displayPrefix(tenantId) + RandomIds.next(SECRET_LENGTH);
        return new IssuedKey(key, displayPrefix(tenantId), key.substring(key.length() - 4), new CredentialHash(sha256(key)));
    }

    public static String displayPrefix(TenantId tenantId) {
        return PREFIX + tenantId.value() + MARKER;
    }

    /** The tenant a well-formed key names; empty for anything else. */
    public static Optional<TenantId> tenantOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(presented);
        return matcher.matches() ? Optional.of(new TenantId(matcher.group(1))) : Optional.empty();
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
