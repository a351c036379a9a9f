package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A call with the lead passed every compliance rule and was logged. */
@Revision("1")
public record CallLogged(TenantId tenantId, LeadId leadId, String callId, CallDirection direction, String phone,
                         String agentId, Instant startedAt, int durationSeconds, CallOutcome outcome, String notes,
                         boolean recorded, boolean transcribed, Instant loggedAt) implements TenantEvent {
}
