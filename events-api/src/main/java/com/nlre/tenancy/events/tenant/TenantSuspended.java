package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tenant was suspended: its users can no longer change anything until it is reactivated. */
@Revision("1")
public record TenantSuspended(TenantId tenantId, String reason, Instant suspendedAt) implements TenantEvent {
}
