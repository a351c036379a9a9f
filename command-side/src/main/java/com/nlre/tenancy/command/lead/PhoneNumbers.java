package com.nlre.tenancy.command.lead;

import java.util.regex.Pattern;

/**
 * Normalises how people write US numbers into E.164 so that lookups (consent, do-not-call) compare like with like:
 * {@code (555) 123-4567}, {@code 555.123.4567}, {@code 1 555 123 4567} and {@code +15551234567} are one number.
 * Anything already starting with {@code +} keeps its country code; bare 10 digits are taken as US (+1).
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private PhoneNumbers() {
    }

    /** True for a number in E.164 form, such as the ones {@link #normalise} answers for phone numbers. */
    public static boolean isE164(String candidate) {
        return candidate != null && E164.matcher(candidate).matches();
    }

    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        boolean international = trimmed.startsWith("+");
        StringBuilder digits = new StringBuilder();
        for (char c : trimmed.toCharArray()) {
            if (Character.isDigit(c)) {
                digits.append(c);
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '+') {
                return trimmed;
            }
        }
        if (international) {
            return "+" + digits;
        }
        if (digits.length() == 10) {
            return "+1" + digits;
        }
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            return "+" + digits;
        }
        return trimmed;
    }
}
