package com.nlre.tenancy.events.agent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.RandomIds;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AI agent's id within its tenant: client-supplied (e.g. the agent's name in the tenant's dialer) or generated as
 * {@code agent_} + 16 random characters. Unique only within a tenant: two tenants may use the same agent id. Never
 * starts with {@code user_}, so an id that names who placed a call is either a user's or an AI agent's, never both.
 */
public record AgentId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String USER_PREFIX = "user_";

    @JsonCreator
    public AgentId {
        Objects.requireNonNull(value, "agent id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("agent id must be 1-64 letters, digits, '_' or '-', not starting with "
                    + "'user_'");
        }
    }

    public static AgentId generate() {
        return new AgentId("agent_" + RandomIds.next(16));
    }

    public static boolean isValid(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches() && !candidate.startsWith(USER_PREFIX);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
