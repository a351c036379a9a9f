package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** An API key was issued. Only its public id, display prefix and last four characters are recorded; the key is shown once to its creator and stored only as a hash. */
@Revision("1")
public record ApiKeyIssued(TenantId tenantId, ApiKeyId keyId, String name, String displayPrefix, String lastFour,
                           Set<Permission> scopes, String createdBy, Instant createdAt, Instant expiresAt) implements TenantEvent {
}
