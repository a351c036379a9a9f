package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A tag was removed from the lead. */
@Revision("1")
public record LeadUntagged(TenantId tenantId, LeadId leadId, String tag, Instant untaggedAt) implements TenantEvent {
}
