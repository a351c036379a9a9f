package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A deactivated user may log in again. */
@Revision("1")
public record TenantUserReactivated(TenantId tenantId, UserId userId, Instant reactivatedAt) implements TenantEvent {
}
