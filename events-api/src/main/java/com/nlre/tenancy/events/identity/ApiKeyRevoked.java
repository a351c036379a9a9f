package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An API key was revoked; it authenticates nothing from now on. */
@Revision("1")
public record ApiKeyRevoked(TenantId tenantId, ApiKeyId keyId, String revokedBy, Instant revokedAt) implements TenantEvent {
}
