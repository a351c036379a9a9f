package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Written consent to be called on {@code phone} was recorded, with its evidence. */
@Revision("1")
public record ConsentRecorded(TenantId tenantId, LeadId leadId,
                              @PersonalData(subject = "leadId") String phone,
                              @PersonalData(subject = "leadId") ConsentEvidence evidence,
                              Instant recordedAt) implements TenantEvent {
}
