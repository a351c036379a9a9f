package com.nlre.tenancy.events.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A call with the lead passed every compliance rule and was logged.
 *
 * <p>{@code agentId} names who placed or took the call: a user of the tenant ({@code user_…}) or one of its AI agents.
 * {@code recordingBytes} is the size of the call's recording, what the storage quota counts: at least 1 when
 * {@code recorded}, else 0. It was added after this event was first published and is still revision 1: the change only
 * adds a field, and a payload without it (every call logged before recordings were metered) reads as 0, which is
 * what the storage meter counted for it. Readers of older payloads need no upcaster; a consumer that does not know the
 * field ignores it.
 */
@Revision("1")
public record CallLogged(TenantId tenantId, LeadId leadId, String callId, CallDirection direction,
                         @PersonalData(subject = "leadId") String phone, String agentId, Instant startedAt,
                         int durationSeconds, CallOutcome outcome, @PersonalData(subject = "leadId") String notes,
                         boolean recorded, boolean transcribed, Instant loggedAt, long recordingBytes)
        implements TenantEvent {

    /** A call as logged before recordings were metered: no recording bytes. */
    public CallLogged(TenantId tenantId, LeadId leadId, String callId, CallDirection direction, String phone,
                      String agentId, Instant startedAt, int durationSeconds, CallOutcome outcome, String notes,
                      boolean recorded, boolean transcribed, Instant loggedAt) {
        this(tenantId, leadId, callId, direction, phone, agentId, startedAt, durationSeconds, outcome, notes, recorded,
                transcribed, loggedAt, 0);
    }
}
