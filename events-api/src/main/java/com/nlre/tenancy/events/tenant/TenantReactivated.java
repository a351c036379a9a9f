package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A suspended tenant became active again. */
@Revision("1")
public record TenantReactivated(TenantId tenantId, Instant reactivatedAt) implements TenantEvent {
}
