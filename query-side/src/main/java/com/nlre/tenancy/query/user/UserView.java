package com.nlre.tenancy.query.user;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A user of the caller's tenant. No credential of any kind is part of it. */
@Schema(name = "TenantUser")
public record UserView(
        String userId,
        @Schema(description = "Null once the user is removed") String name,
        @Schema(description = "Unique within the tenant; null once the user is removed") String email,
        Role role,
        @Schema(description = "What the user may do, as permission names (e.g. leads.read)") List<Permission> permissions,
        UserStatus status,
        @Schema(description = "Why the user was deactivated; null otherwise") String statusReason,
        boolean mfaEnabled,
        Instant lastLoginAt,
        @Schema(description = "After too many failed logins: no login before this time") Instant lockedUntil,
        @Schema(description = "Whether lockedUntil is still in the future") boolean locked,
        Instant passwordChangedAt,
        Instant createdAt,
        Instant updatedAt,
        Instant deactivatedAt,
        Instant removedAt,
        @Schema(description = "Sequence number of the tenant's last change to this user; compare with a consistency "
                + "token") long version) {
}
