package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** The commands of a lead's life, from being added to being called. Each names its tenant and lead. */
public final class LeadCommands {

    private LeadCommands() {
    }

    /** Commands addressed to one tenant's lead; the aggregate id is derived from both. */
    public interface LeadCommand {
        TenantId tenantId();

        LeadId leadId();

        @TargetAggregateIdentifier
        default String aggregateId() {
            return LeadKeys.aggregateId(tenantId(), leadId());
        }
    }

    public record AddLead(TenantId tenantId, LeadId leadId, LeadContact contact, String timezone, String source,
                          Set<String> tags) implements LeadCommand {
    }

    public record UpdateLeadContact(TenantId tenantId, LeadId leadId, LeadContact contact, String timezone)
            implements LeadCommand {
    }

    public record ChangeLeadStatus(TenantId tenantId, LeadId leadId, LeadStatus status) implements LeadCommand {
    }

    /** @param assigneeUserId null unassigns */
    public record AssignLead(TenantId tenantId, LeadId leadId, String assigneeUserId) implements LeadCommand {
    }

    public record TagLead(TenantId tenantId, LeadId leadId, String tag) implements LeadCommand {
    }

    public record UntagLead(TenantId tenantId, LeadId leadId, String tag) implements LeadCommand {
    }

    public record DeleteLead(TenantId tenantId, LeadId leadId) implements LeadCommand {
    }

    /** GDPR erasure of the lead: its key is deleted, its personal data reads as erased everywhere from then on. */
    public record ForgetLead(TenantId tenantId, LeadId leadId, String reason) implements LeadCommand {
    }

    public record RecordConsent(TenantId tenantId, LeadId leadId, String phone, ConsentEvidence evidence)
            implements LeadCommand {
    }

    public record RevokeConsent(TenantId tenantId, LeadId leadId, String phone) implements LeadCommand {
    }

    /**
     * Log a call (or ask to place one). Answered with a {@link CallDecision}: a refused call is not an error but a
     * recorded decision, so its evidence is stored even though the call is not.
     *
     * @param agentId        who placed or took the call: a user of the tenant or one of its active AI agents
     * @param recordingBytes the size of the call's recording: required (1 byte to 1 GiB) when {@code recorded}, null
     *                       otherwise; it counts against the plan's storage
     */
    public record LogCall(TenantId tenantId, LeadId leadId, String callId, CallDirection direction, String phone,
                          String agentId, Instant startedAt, int durationSeconds, CallOutcome outcome, String notes,
                          boolean recorded, boolean transcribed, Long recordingBytes) implements LeadCommand {
    }
}
