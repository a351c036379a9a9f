package com.nlre.tenancy.query.user;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per user of a tenant, {@code _id} =
 * {@code tenantId + "/" + userId} (unique index {@code {tenantId: 1, userId: 1}} as well), enums by their wire
 * names, permissions as a list of wire names in the contract's order, timestamps as BSON dates. {@code version} is
 * the tenant aggregate's sequence of the last event applied to this user (user events share the tenant's stream).
 *
 * <p>A removed user stays as a tombstone with status {@code removed} and without name and email: deleting it would
 * let a replayed {@code TenantUserAdded} bring the user back.
 */
final class UserDocuments {

    static final String COLLECTION = "tenant_users";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String USER_ID = "userId";
    static final String NAME = "name";
    static final String EMAIL = "email";
    static final String ROLE = "role";
    static final String PERMISSIONS = "permissions";
    static final String STATUS = "status";
    static final String STATUS_REASON = "statusReason";
    static final String MFA_ENABLED = "mfaEnabled";
    static final String LAST_LOGIN_AT = "lastLoginAt";
    static final String LOCKED_UNTIL = "lockedUntil";
    static final String PASSWORD_CHANGED_AT = "passwordChangedAt";
    static final String DEACTIVATED_AT = "deactivatedAt";
    static final String REMOVED_AT = "removedAt";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";

    private UserDocuments() {
    }

    static String id(TenantId tenantId, UserId userId) {
        return tenantId.value() + "/" + userId.value();
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static List<String> permissions(@Nullable Collection<Permission> permissions) {
        if (permissions == null || permissions.isEmpty()) {
            return List.of();
        }
        return EnumSet.copyOf(permissions).stream().map(Permission::wireName).toList();
    }

    static UserView toView(Document document, Instant now) {
        Instant lockedUntil = instant(document, LOCKED_UNTIL);
        String role = document.getString(ROLE);
        return new UserView(
                document.getString(USER_ID),
                document.getString(NAME),
                document.getString(EMAIL),
                role == null ? null : Role.fromWireName(role),
                document.getList(PERMISSIONS, String.class, List.of()).stream()
                        .flatMap(permission -> Permission.parse(permission).stream())
                        .toList(),
                UserStatus.parse(document.getString(STATUS)).orElse(UserStatus.INACTIVE),
                document.getString(STATUS_REASON),
                Boolean.TRUE.equals(document.getBoolean(MFA_ENABLED)),
                instant(document, LAST_LOGIN_AT),
                lockedUntil,
                lockedUntil != null && lockedUntil.isAfter(now),
                instant(document, PASSWORD_CHANGED_AT),
                instant(document, CREATED_AT),
                instant(document, UPDATED_AT),
                instant(document, DEACTIVATED_AT),
                instant(document, REMOVED_AT),
                document.get(VERSION, Number.class).longValue());
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
