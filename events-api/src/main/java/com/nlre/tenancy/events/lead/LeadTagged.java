package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A tag was added to the lead. */
@Revision("1")
public record LeadTagged(TenantId tenantId, LeadId leadId, String tag, Instant taggedAt) implements TenantEvent {
}
