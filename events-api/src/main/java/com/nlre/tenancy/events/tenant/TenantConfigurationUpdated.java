package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tenant's configuration changed; {@code configuration} is the whole new configuration. */
@Revision("1")
public record TenantConfigurationUpdated(TenantId tenantId, TenantConfiguration configuration, Instant updatedAt) implements TenantEvent {
}
