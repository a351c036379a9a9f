package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ProblemException;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters that are points in time: ISO-8601 instants such as {@code 2026-01-31T00:00:00Z}, years 0000-9999. */
public final class InstantParameter {

    /** The instants a parameter may name: years 0000 to 9999, which every store and clock can represent. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private InstantParameter() {
    }

    /**
     * @return null for an absent or blank value
     * @throws ProblemException 400 naming the parameter when the value is not an instant
     */
    @Nullable
    public static Instant parse(String parameter, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(parameter,
                    "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.invalidParameter(parameter, "must lie in the years 0000 to 9999");
        }
        return instant;
    }

    /** @throws ProblemException 400 naming {@code toParameter} unless {@code from} is before {@code to} */
    public static void checkRange(@Nullable Instant from, @Nullable Instant to, String fromParameter,
                                  String toParameter) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalidParameter(toParameter, "must be after " + fromParameter);
        }
    }
}
