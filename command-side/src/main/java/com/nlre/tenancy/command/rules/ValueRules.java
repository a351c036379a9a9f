package com.nlre.tenancy.command.rules;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Named rules about single values, shared by every aggregate. Each throws {@link InvalidCommand} naming the field. */
public final class ValueRules {

    public static final String EMAIL_MUST_BE_VALID = "EMAIL_MUST_BE_VALID";
    public static final String PHONE_MUST_BE_E164 = "PHONE_MUST_BE_E164";
    public static final String TIME_ZONE_MUST_BE_IANA = "TIME_ZONE_MUST_BE_IANA";
    public static final String LOCALE_MUST_BE_BCP47 = "LOCALE_MUST_BE_BCP47";
    public static final String TEXT_MUST_BE_PRESENT = "TEXT_MUST_BE_PRESENT";
    public static final String URL_MUST_BE_HTTPS = "URL_MUST_BE_HTTPS";
    public static final String COLOR_MUST_BE_HEX = "COLOR_MUST_BE_HEX";
    public static final String REQUIRED_VALUE = "REQUIRED_VALUE";

    /** Practical address syntax: one @, no spaces, a dotted domain. Deliverability is not checked. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    private ValueRules() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidCommand(REQUIRED_VALUE, field, "is required");
        }
        return value;
    }

    public static String requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidCommand(TEXT_MUST_BE_PRESENT, field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidCommand(TEXT_MUST_BE_PRESENT, field, "must be at most " + maxLength + " characters");
        }
        return value.strip();
    }

    public static String requireEmail(String field, String value) {
        if (value == null || value.length() > 254 || !EMAIL.matcher(value).matches()) {
            throw new InvalidCommand(EMAIL_MUST_BE_VALID, field, "must be a valid email address");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    public static String requireE164(String field, String value) {
        if (value == null || !E164.matcher(value).matches()) {
            throw new InvalidCommand(PHONE_MUST_BE_E164, field, "must be an E.164 phone number such as +15551234567");
        }
        return value;
    }

    public static String requireZone(String field, String value) {
        if (value == null || !ZoneId.getAvailableZoneIds().contains(value)) {
            throw new InvalidCommand(TIME_ZONE_MUST_BE_IANA, field,
                    "must be an IANA time zone such as America/Los_Angeles");
        }
        try {
            ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new InvalidCommand(TIME_ZONE_MUST_BE_IANA, field, "must be an IANA time zone");
        }
        return value;
    }

    public static String requireLocale(String field, String value) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(value == null ? "" : value).build();
            if (locale.getLanguage().isEmpty()) {
                throw new IllformedLocaleException("no language");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw new InvalidCommand(LOCALE_MUST_BE_BCP47, field, "must be a BCP 47 language tag such as en-US");
        }
    }

    public static String requireHttpsUrl(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || value.length() > 2048) {
                throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new InvalidCommand(URL_MUST_BE_HTTPS, field, "must be an absolute https URL");
        }
    }

    public static String requireHexColor(String field, String value) {
        if (value != null && !HEX_COLOR.matcher(value).matches()) {
            throw new InvalidCommand(COLOR_MUST_BE_HEX, field, "must be a colour such as #1a73e8");
        }
        return value;
    }
}
