package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The lead was deleted (soft): it leaves lists and can no longer be called or changed.
 *
 * <p>{@code recordingBytes} is the storage the deletion gave back: the sum of the {@link CallLogged#recordingBytes()}
 * of the lead's calls. Added after this event was first published and still revision 1, for the same reason as in
 * {@link CallLogged}: a payload without it reads as 0, exactly what such a lead's calls had counted.
 */
@Revision("1")
public record LeadDeleted(TenantId tenantId, LeadId leadId, Instant deletedAt, long recordingBytes)
        implements TenantEvent {

    /** A deletion as recorded before recordings were metered: no storage given back. */
    public LeadDeleted(TenantId tenantId, LeadId leadId, Instant deletedAt) {
        this(tenantId, leadId, deletedAt, 0);
    }
}
