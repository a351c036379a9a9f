package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The lead was assigned to a tenant user (null: unassigned). */
@Revision("1")
public record LeadAssigned(TenantId tenantId, LeadId leadId, String assigneeUserId, Instant assignedAt) implements TenantEvent {
}
