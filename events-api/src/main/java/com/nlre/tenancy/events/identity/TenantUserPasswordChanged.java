package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user's password was set or changed. The password and its hash live only in the credential store. */
@Revision("1")
public record TenantUserPasswordChanged(TenantId tenantId, UserId userId, Instant changedAt) implements TenantEvent {
}
