package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The lead's contact details changed; {@code contact} is the whole new value. */
@Revision("1")
public record LeadContactUpdated(TenantId tenantId, LeadId leadId, @PersonalData(subject = "leadId") LeadContact contact, String timezone,
                                 Instant updatedAt) implements TenantEvent {
}
