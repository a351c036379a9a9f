package com.nlre.tenancy.events.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import static com.nlre.tenancy.events.identity.Permission.ANALYTICS_VIEW;
import static com.nlre.tenancy.events.identity.Permission.CALLS_INITIATE;
import static com.nlre.tenancy.events.identity.Permission.LEADS_READ;
import static com.nlre.tenancy.events.identity.Permission.LEADS_WRITE;

/** A tenant user's role and the permissions it grants unless they are set explicitly. */
public enum Role {
    OWNER(EnumSet.allOf(Permission.class)),
    ADMIN(EnumSet.allOf(Permission.class)),
    AGENT(EnumSet.of(LEADS_READ, LEADS_WRITE, CALLS_INITIATE)),
    VIEWER(EnumSet.of(LEADS_READ, ANALYTICS_VIEW));

    private final Set<Permission> defaultPermissions;

    Role(Set<Permission> defaultPermissions) {
        this.defaultPermissions = Set.copyOf(defaultPermissions);
    }

    public Set<Permission> defaultPermissions() {
        return defaultPermissions;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWireName(String value) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown role '" + value + "': expected one of owner, admin, agent, viewer"));
    }
}
