package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A call was refused by a compliance rule; kept as evidence of what was refused and why. */
@Revision("1")
public record CallBlocked(TenantId tenantId, LeadId leadId, String callId, CallDirection direction,
                          @PersonalData(subject = "leadId") String phone,
                          String agentId, Instant attemptedAt, String rule, String reason, Instant blockedAt) implements TenantEvent {
}
