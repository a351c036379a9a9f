package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user turned TOTP off (with a valid code). */
@Revision("1")
public record TenantUserMfaDisabled(TenantId tenantId, UserId userId, Instant disabledAt) implements TenantEvent {
}
