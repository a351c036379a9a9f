package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of data subject a subject export is about: a lead (a property owner) or a tenant user. */
public enum SubjectType {
    LEAD, USER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SubjectType> parse(String value) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(value)).findFirst();
    }
}
