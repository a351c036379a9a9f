package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Consent for {@code phone} was withdrawn. */
@Revision("1")
public record ConsentRevoked(TenantId tenantId, LeadId leadId,
                             @PersonalData(subject = "leadId") String phone, Instant revokedAt) implements TenantEvent {
}
