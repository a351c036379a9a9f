package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.lead.LeadCommands.AddLead;
import com.nlre.tenancy.command.lead.LeadCommands.AssignLead;
import com.nlre.tenancy.command.lead.LeadCommands.ChangeLeadStatus;
import com.nlre.tenancy.command.lead.LeadCommands.DeleteLead;
import com.nlre.tenancy.command.lead.LeadCommands.ForgetLead;
import com.nlre.tenancy.command.lead.LeadCommands.LogCall;
import com.nlre.tenancy.command.lead.LeadCommands.RecordConsent;
import com.nlre.tenancy.command.lead.LeadCommands.RevokeConsent;
import com.nlre.tenancy.command.lead.LeadCommands.TagLead;
import com.nlre.tenancy.command.lead.LeadCommands.UntagLead;
import com.nlre.tenancy.command.lead.LeadCommands.UpdateLeadContact;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.Quotas;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadContactUpdated;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.lead.LeadUntagged;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A property owner a tenant may contact. Decides its pipeline status, its consents and whether a call to it is
 * allowed. Keeps only what those decisions need: status, numbers, consented numbers, zone, tags, deletion, and the
 * bytes of its recordings (which its deletion gives back to the tenant's storage).
 */
@Aggregate
public class Lead {

    @AggregateIdentifier
    private String id;
    private TenantId tenantId;
    private LeadId leadId;
    private LeadStatus status;
    private Set<String> phones = new HashSet<>();
    private Set<String> consentedPhones = new HashSet<>();
    private Set<String> tags = new HashSet<>();
    private String assignee;
    private ZoneId zone;
    private boolean deleted;
    private boolean forgotten;
    private Set<String> callIds = new HashSet<>();
    /** The bytes of this lead's call recordings, which its deletion gives back to the tenant's storage. */
    private long recordingBytes;

    protected Lead() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Lead(AddLead command, Quotas quotas, Clock clock) {
        LeadRules.leadIdNotReserved(command.leadId());
        LeadContact contact = LeadRules.validContact(command.contact());
        quotas.reserve(command.tenantId(), Meter.LEADS, clock.instant());
        apply(new LeadAdded(command.tenantId(), command.leadId(), contact, LeadRules.validZone(command.timezone()),
                command.source() == null ? null : ValueRules.requireText("source", command.source(), 100),
                LeadRules.validTags(command.tags()), clock.instant()));
    }

    @CommandHandler
    public void handle(UpdateLeadContact command, Clock clock) {
        stillChangeable();
        LeadContact contact = LeadRules.validContact(command.contact());
        apply(new LeadContactUpdated(tenantId, leadId, contact, LeadRules.validZone(command.timezone()),
                clock.instant()));
    }

    @CommandHandler
    public void handle(ChangeLeadStatus command, Clock clock) {
        stillChangeable();
        LeadRules.statusTransitionAllowed(status, command.status());
        apply(new LeadStatusChanged(tenantId, leadId, status, command.status(), clock.instant()));
    }

    @CommandHandler
    public void handle(AssignLead command, Clock clock) {
        stillChangeable();
        if (!Objects.equals(assignee, command.assigneeUserId())) {
            apply(new LeadAssigned(tenantId, leadId, command.assigneeUserId(), clock.instant()));
        }
    }

    @CommandHandler
    public void handle(TagLead command, Clock clock) {
        stillChangeable();
        String tag = LeadRules.validTag("tag", command.tag());
        if (!tags.contains(tag)) {
            apply(new LeadTagged(tenantId, leadId, tag, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(UntagLead command, Clock clock) {
        stillChangeable();
        if (tags.contains(command.tag())) {
            apply(new LeadUntagged(tenantId, leadId, command.tag(), clock.instant()));
        }
    }

    @CommandHandler
    public void handle(DeleteLead command, Quotas quotas, Clock clock) {
        stillChangeable();
        quotas.release(tenantId, Meter.LEADS, clock.instant());
        if (recordingBytes > 0) {
            quotas.release(tenantId, Meter.STORAGE, recordingBytes, clock.instant());
        }
        apply(new LeadDeleted(tenantId, leadId, clock.instant(), recordingBytes));
    }

    @CommandHandler
    public void handle(RecordConsent command, Clock clock) {
        stillChangeable();
        String phone = PhoneNumbers.normalise(command.phone());
        LeadRules.phoneBelongsToLead(phones, phone);
        ConsentEvidence evidence = ValueRules.required("evidence", command.evidence());
        ValueRules.required("evidence.givenAt", evidence.givenAt());
        ValueRules.requireText("evidence.method", evidence.method(), 50);
        ValueRules.requireText("evidence.consentTextVersion", evidence.consentTextVersion(), 50);
        apply(new ConsentRecorded(tenantId, leadId, phone, evidence, clock.instant()));
    }

    @CommandHandler
    public void handle(RevokeConsent command, Clock clock) {
        stillChangeable();
        String phone = PhoneNumbers.normalise(command.phone());
        if (!consentedPhones.contains(phone)) {
            throw new BusinessRuleViolation(LeadRules.CONSENT_MUST_EXIST_TO_BE_REVOKED,
                    "No consent is on record for that number.");
        }
        apply(new ConsentRevoked(tenantId, leadId, phone, clock.instant()));
    }

    /**
     * Checks the call against the tenant's TCPA rules. An allowed call is logged; a refused one is recorded as
     * {@link CallBlocked} (compliance evidence) and answered as such — not thrown, so the evidence is kept.
     */
    @CommandHandler
    public CallDecision handle(LogCall command, CallComplianceContext compliance, Quotas quotas, Clock clock) {
        stillChangeable();
        LeadRules.callIdUniquePerLead(callIds, command.callId());
        String phone = PhoneNumbers.normalise(ValueRules.required("phone", command.phone()));
        LeadRules.phoneBelongsToLead(phones, phone);
        LeadRules.durationNotNegative(command.durationSeconds());
        ValueRules.required("direction", command.direction());
        ValueRules.required("startedAt", command.startedAt());
        LeadRules.callStartNotInFuture(command.startedAt(), clock.instant());
        LeadRules.notesWithinLength(command.notes());
        LeadRules.recordingBytesMatchRecording(command.recorded(), command.recordingBytes());
        Optional<CallRefusal> refusal = TcpaRules.check(tenantId, phone, command.startedAt(),
                command.durationSeconds(), command.recorded(), consentedPhones, zone, compliance);
        if (refusal.isPresent()) {
            apply(new CallBlocked(tenantId, leadId, command.callId(), command.direction(), phone, command.agentId(),
                    command.startedAt(), refusal.get().rule(), refusal.get().reason(), clock.instant()));
            return CallDecision.blocked(command.callId(), refusal.get());
        }
        ValueRules.required("outcome", command.outcome());
        quotas.reserve(tenantId, Meter.CALLS, command.startedAt());
        long recording = command.recorded() ? command.recordingBytes() : 0;
        if (recording > 0) {
            quotas.reserve(tenantId, Meter.STORAGE, recording, clock.instant());
        }
        apply(new CallLogged(tenantId, leadId, command.callId(), command.direction(), phone, command.agentId(),
                command.startedAt(), command.durationSeconds(), command.outcome(), command.notes(),
                command.recorded(), command.transcribed(), clock.instant(), recording));
        return CallDecision.logged(command.callId());
    }

    /**
     * Forgets the lead (GDPR erasure): {@link DataSubjectForgotten} deletes its key in the same transaction. A deleted
     * lead can be forgotten too; forgetting a forgotten lead changes nothing.
     */
    @CommandHandler
    public void handle(ForgetLead command, Clock clock) {
        if (forgotten) {
            return;
        }
        String reason = command.reason() == null ? null : ValueRules.requireText("reason", command.reason(), 200);
        apply(new DataSubjectForgotten(tenantId, SubjectType.LEAD.wireName(), leadId.value(), reason,
                clock.instant()));
    }

    private void stillChangeable() {
        LeadRules.forgottenLeadIsFinal(forgotten);
        LeadRules.deletedLeadIsFinal(deleted);
    }

    @EventSourcingHandler
    void on(LeadAdded event) {
        id = LeadKeys.aggregateId(event.tenantId(), event.leadId());
        tenantId = event.tenantId();
        leadId = event.leadId();
        status = LeadStatus.NEW;
        phones = new HashSet<>(event.contact().phones());
        tags = new HashSet<>(event.tags());
        zone = event.timezone() == null ? null : ZoneId.of(event.timezone());
    }

    @EventSourcingHandler
    void on(LeadContactUpdated event) {
        phones = new HashSet<>(event.contact().phones());
        consentedPhones.retainAll(phones);
        zone = event.timezone() == null ? null : ZoneId.of(event.timezone());
    }

    @EventSourcingHandler
    void on(LeadStatusChanged event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(LeadAssigned event) {
        assignee = event.assigneeUserId();
    }

    @EventSourcingHandler
    void on(LeadTagged event) {
        tags.add(event.tag());
    }

    @EventSourcingHandler
    void on(LeadUntagged event) {
        tags.remove(event.tag());
    }

    @EventSourcingHandler
    void on(DataSubjectForgotten event) {
        forgotten = true;
    }

    @EventSourcingHandler
    void on(LeadDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(ConsentRecorded event) {
        consentedPhones.add(event.phone());
    }

    @EventSourcingHandler
    void on(CallLogged event) {
        callIds.add(event.callId());
        recordingBytes += event.recordingBytes();
    }

    @EventSourcingHandler
    void on(CallBlocked event) {
        callIds.add(event.callId());
    }

    @EventSourcingHandler
    void on(ConsentRevoked event) {
        consentedPhones.remove(event.phone());
    }
}
