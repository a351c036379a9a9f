package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Too many failed logins: the user cannot log in before {@code lockedUntil}. */
@Revision("1")
public record TenantUserLockedOut(TenantId tenantId, UserId userId, Instant lockedUntil) implements TenantEvent {
}
