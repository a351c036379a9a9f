package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** A user's permissions were set explicitly; {@code permissions} is the whole new set. */
@Revision("1")
public record TenantUserPermissionsChanged(TenantId tenantId, UserId userId, Set<Permission> permissions,
                                           Instant changedAt) implements TenantEvent {
}
