package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user can no longer log in or use the API until reactivated. */
@Revision("1")
public record TenantUserDeactivated(TenantId tenantId, UserId userId, String reason, Instant deactivatedAt) implements TenantEvent {
}
