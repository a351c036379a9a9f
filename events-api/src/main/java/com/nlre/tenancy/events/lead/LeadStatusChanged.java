package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The lead moved along the pipeline. */
@Revision("1")
public record LeadStatusChanged(TenantId tenantId, LeadId leadId, LeadStatus previousStatus, LeadStatus status,
                                Instant changedAt) implements TenantEvent {
}
