package com.nlre.tenancy.query.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a security audit record is about. */
public enum SecurityAuditKind {
    /** A tenant's caller asked for an id that exists, but in another tenant; it was answered 404. */
    CROSS_TENANT_ATTEMPT,
    /** A request on an operator route, whoever sent it and however it ended. */
    OPERATOR_ACTION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SecurityAuditKind> parse(String value) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(value)).findFirst();
    }
}
