package com.nlre.tenancy.events;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Readable, unguessable ids: a type prefix and lowercase base-32 characters from a CSPRNG (5 bits each). */
public final class RandomIds {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern BODY = Pattern.compile("[a-z0-9]{6,32}");

    private RandomIds() {
    }

    public static String next(int length) {
        char[] random = new char[length];
        for (int i = 0; i < length; i++) {
            random[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(random);
    }

    /** True when {@code candidate} is {@code prefix} followed by 6–32 lowercase letters and digits. */
    public static boolean matches(String prefix, String candidate) {
        return candidate != null && candidate.startsWith(prefix)
                && BODY.matcher(candidate.substring(prefix.length())).matches();
    }
}
