package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user left the tenant for good. */
@Revision("1")
public record TenantUserRemoved(TenantId tenantId, UserId userId, Instant removedAt) implements TenantEvent {
}
