package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The lead was deleted (soft): it leaves lists and can no longer be called or changed. */
@Revision("1")
public record LeadDeleted(TenantId tenantId, LeadId leadId, Instant deletedAt) implements TenantEvent {
}
