package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A number left the tenant's do-not-call list. */
@Revision("1")
public record DoNotCallNumberRemoved(TenantId tenantId, String phone, Instant removedAt) implements TenantEvent {
}
