package com.nlre.tenancy.events.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an audited request ended, from its HTTP status. */
public enum AccessOutcome {
    /** 1xx to 3xx: served. */
    SUCCEEDED,
    /** 401 or 403: refused for the credential, a missing permission or the tenant's status. */
    DENIED,
    /** 404: unknown, or another tenant's, resource. */
    NOT_FOUND,
    /** Any other 4xx: bad input, conflict, business rule, quota or rate limit. */
    REJECTED,
    /** 5xx: the service failed. */
    FAILED;

    public static AccessOutcome of(int status) {
        if (status >= 500) {
            return FAILED;
        }
        if (status == 401 || status == 403) {
            return DENIED;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        return status >= 400 ? REJECTED : SUCCEEDED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AccessOutcome fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown outcome " + value));
    }

    public static Optional<AccessOutcome> parse(String value) {
        return Arrays.stream(values()).filter(outcome -> outcome.wireName().equals(value)).findFirst();
    }
}
