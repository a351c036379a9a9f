package com.nlre.tenancy.events.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Fine-grained permissions of tenant users and API key scopes. The wire name is what JWTs and APIs carry. */
public enum Permission {
    LEADS_READ("leads.read"),
    LEADS_WRITE("leads.write"),
    CALLS_INITIATE("calls.initiate"),
    ANALYTICS_VIEW("analytics.view"),
    SETTINGS_EDIT("settings.edit"),
    USERS_MANAGE("users.manage"),
    BILLING_VIEW("billing.view"),
    AUDIT_READ("audit.read"),
    GDPR_MANAGE("gdpr.manage");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Permission fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown permission '" + value + "'"));
    }

    public static Optional<Permission> parse(String value) {
        return Arrays.stream(values()).filter(permission -> permission.wireName.equals(value)).findFirst();
    }
}
