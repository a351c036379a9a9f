package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** A lead entered the tenant's pipeline as {@code new}. {@code timezone} is the lead's IANA zone when known. */
@Revision("1")
public record LeadAdded(TenantId tenantId, LeadId leadId, @PersonalData(subject = "leadId") LeadContact contact, String timezone, String source,
                        Set<String> tags, Instant addedAt) implements TenantEvent {
}
