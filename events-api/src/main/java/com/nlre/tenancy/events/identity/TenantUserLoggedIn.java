package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user obtained a token. The source address is kept in the credential store, not here. */
@Revision("1")
public record TenantUserLoggedIn(TenantId tenantId, UserId userId, Instant loggedInAt) implements TenantEvent {
}
