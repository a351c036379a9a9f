package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** A user got another role; {@code permissions} are the user's whole permissions afterwards. */
@Revision("1")
public record TenantUserRoleChanged(TenantId tenantId, UserId userId, Role previousRole, Role role,
                                    Set<Permission> permissions, Instant changedAt) implements TenantEvent {
}
