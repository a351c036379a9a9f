package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ProblemException;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters that are points in time: ISO-8601 instants such as {@code 2026-01-31T00:00:00Z}. */
public final class InstantParameter {

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
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(parameter,
                    "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    /** @throws ProblemException 400 naming {@code toParameter} unless {@code from} is before {@code to} */
    public static void checkRange(@Nullable Instant from, @Nullable Instant to, String fromParameter,
                                  String toParameter) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalidParameter(toParameter, "must be after " + fromParameter);
        }
    }
}
