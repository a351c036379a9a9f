package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user confirmed TOTP enrolment; login now needs a code. The secret lives only in the credential store. */
@Revision("1")
public record TenantUserMfaEnabled(TenantId tenantId, UserId userId, Instant enabledAt) implements TenantEvent {
}
