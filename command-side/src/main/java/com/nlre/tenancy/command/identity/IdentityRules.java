package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;

import java.nio.charset.StandardCharsets;

/** The named rules of tenant users and API keys. State rules answer 422, value rules 400, unknown ids 404. */
public final class IdentityRules {

    public static final String ONLY_ACTIVE_TENANT_CHANGES_USERS = "ONLY_ACTIVE_TENANT_CHANGES_USERS";
    /**
     * An offboarded tenant's users never log in again (their credentials are deleted with the offboarding). A canceled
     * tenant's users may, during its retention period, to export its data: the edge lets such a token reach only the
     * export routes and the tenant's subscription.
     */
    public static final String OFFBOARDED_TENANT_ALLOWS_NO_LOGIN = "OFFBOARDED_TENANT_ALLOWS_NO_LOGIN";
    public static final String EMAIL_UNIQUE_WITHIN_TENANT = "EMAIL_UNIQUE_WITHIN_TENANT";
    public static final String LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED = "LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED";
    public static final String ONLY_OWNER_MANAGES_OWNERS = "ONLY_OWNER_MANAGES_OWNERS";
    public static final String GRANTS_WITHIN_ACTOR_PERMISSIONS = "GRANTS_WITHIN_ACTOR_PERMISSIONS";
    public static final String OWNER_HOLDS_EVERY_PERMISSION = "OWNER_HOLDS_EVERY_PERMISSION";
    public static final String ACTOR_MUST_BE_ACTIVE = "ACTOR_MUST_BE_ACTIVE";
    public static final String UNKNOWN_USER = "UNKNOWN_USER";
    public static final String USER_MUST_BE_REMOVED_BEFORE_ERASURE = "USER_MUST_BE_REMOVED_BEFORE_ERASURE";
    public static final String USER_MUST_BE_ACTIVE = "USER_MUST_BE_ACTIVE";
    public static final String ONLY_ACTIVE_USER_CAN_BE_DEACTIVATED = "ONLY_ACTIVE_USER_CAN_BE_DEACTIVATED";
    public static final String ONLY_DEACTIVATED_USER_CAN_BE_REACTIVATED = "ONLY_DEACTIVATED_USER_CAN_BE_REACTIVATED";
    public static final String MFA_ALREADY_ENABLED = "MFA_ALREADY_ENABLED";
    public static final String MFA_NOT_ENABLED = "MFA_NOT_ENABLED";
    public static final String MFA_ENROLMENT_NOT_STARTED = "MFA_ENROLMENT_NOT_STARTED";
    public static final String MFA_CODE_MUST_BE_VALID = "MFA_CODE_MUST_BE_VALID";
    public static final String PASSWORD_POLICY = "PASSWORD_POLICY";
    public static final String CURRENT_PASSWORD_MUST_MATCH = "CURRENT_PASSWORD_MUST_MATCH";
    public static final String UNKNOWN_API_KEY = "UNKNOWN_API_KEY";
    public static final String API_KEY_ALREADY_REVOKED = "API_KEY_ALREADY_REVOKED";
    public static final String API_KEY_NEEDS_SCOPES = "API_KEY_NEEDS_SCOPES";
    public static final String API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS = "API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS";
    public static final String API_KEY_EXPIRY_IN_RANGE = "API_KEY_EXPIRY_IN_RANGE";
    public static final String REQUIRED_VALUE = "REQUIRED_VALUE";

    /** Passwords: at least 12 characters; at most 72 bytes, all of which BCrypt uses. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 500;
    public static final int MAX_KEY_NAME_LENGTH = 100;

    private IdentityRules() {
    }

    static BusinessRuleViolation violated(String rule, String message) {
        return new BusinessRuleViolation(rule, message);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidCommand(REQUIRED_VALUE, field, "is required");
        }
        return value;
    }

    /** The password policy, checked before hashing so a weak password never reaches the store. */
    public static String validPassword(String field, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new InvalidCommand(PASSWORD_POLICY, field, "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidCommand(PASSWORD_POLICY, field, "must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return password;
    }
}
