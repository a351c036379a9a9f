package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tenant's branding changed; {@code branding} is the whole new branding. */
@Revision("1")
public record TenantBrandingUpdated(TenantId tenantId, Branding branding, Instant updatedAt) implements TenantEvent {
}
