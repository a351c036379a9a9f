package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A lead's named rules. Value rules answer 400 with the field at fault, state rules 422 with the rule. */
final class LeadRules {

    static final String DELETED_LEAD_IS_FINAL = "DELETED_LEAD_IS_FINAL";
    static final String FORGOTTEN_LEAD_IS_FINAL = "FORGOTTEN_LEAD_IS_FINAL";
    static final String STATUS_TRANSITION_ALLOWED = "STATUS_TRANSITION_ALLOWED";
    static final String PHONE_BELONGS_TO_LEAD = "PHONE_BELONGS_TO_LEAD";
    static final String CONSENT_MUST_EXIST_TO_BE_REVOKED = "CONSENT_MUST_EXIST_TO_BE_REVOKED";
    static final String LEAD_NEEDS_A_PHONE = "LEAD_NEEDS_A_PHONE";
    static final String TAG_FORMAT = "TAG_FORMAT";
    static final String CALL_DURATION_NOT_NEGATIVE = "CALL_DURATION_NOT_NEGATIVE";
    static final String CALL_START_NOT_IN_FUTURE = "CALL_START_NOT_IN_FUTURE";
    static final String CALL_NOTES_LENGTH = "CALL_NOTES_LENGTH";
    static final String LEAD_ID_FORMAT = "LEAD_ID_FORMAT";
    static final String CALL_ID_FORMAT = "CALL_ID_FORMAT";
    static final String LEAD_ID_NOT_RESERVED = "LEAD_ID_NOT_RESERVED";
    static final String CALL_ID_UNIQUE_PER_LEAD = "CALL_ID_UNIQUE_PER_LEAD";

    /** Path segments under /api/v1/leads that would hide a lead with the same id. */
    private static final Set<String> RESERVED_LEAD_IDS = Set.of("pipeline", "imports");
    static final String ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER = "ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER";
    static final String AGENT_MUST_BE_ACTIVE_TENANT_USER = "AGENT_MUST_BE_ACTIVE_TENANT_USER";
    static final String AGENT_MUST_BE_ACTIVE_AI_AGENT = "AGENT_MUST_BE_ACTIVE_AI_AGENT";
    static final String RECORDING_BYTES_MATCH_RECORDING = "RECORDING_BYTES_MATCH_RECORDING";
    static final String RECORDING_BYTES_WITHIN_MAXIMUM = "RECORDING_BYTES_WITHIN_MAXIMUM";

    static final int MAX_PHONES = 10;
    static final int MAX_TAGS = 50;
    static final int MAX_NOTES_LENGTH = 4000;
    /** The largest recording one call may store: hours of telephone-quality audio, far beyond any allowed call. */
    static final long MAX_RECORDING_BYTES = Meter.BYTES_PER_GB;
    /** Clocks of callers and servers differ a little; a call cannot start later than this after now. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private LeadRules() {
    }

    static void forgottenLeadIsFinal(boolean forgotten) {
        if (forgotten) {
            throw new BusinessRuleViolation(FORGOTTEN_LEAD_IS_FINAL,
                    "The lead was forgotten (GDPR erasure); it accepts no further commands.");
        }
    }

    static void deletedLeadIsFinal(boolean deleted) {
        if (deleted) {
            throw new BusinessRuleViolation(DELETED_LEAD_IS_FINAL, "The lead was deleted; it can no longer change.");
        }
    }

    static void statusTransitionAllowed(LeadStatus from, LeadStatus to) {
        ValueRules.required("status", to);
        if (!from.canMoveTo(to)) {
            throw new BusinessRuleViolation(STATUS_TRANSITION_ALLOWED, "A lead cannot move from '" + from.wireName()
                    + "' to '" + to.wireName() + "'; allowed next: " + from.allowedNext().stream()
                    .map(LeadStatus::wireName).toList() + ".");
        }
    }

    static void phoneBelongsToLead(Set<String> phones, String phone) {
        if (!phones.contains(phone)) {
            throw new BusinessRuleViolation(PHONE_BELONGS_TO_LEAD, "That number is not one of this lead's numbers.");
        }
    }

    /** The contact, with numbers normalised and de-duplicated; name and at least one number are required. */
    static LeadContact validContact(LeadContact contact) {
        ValueRules.required("contact", contact);
        String name = ValueRules.requireText("contact.name", contact.name(), 200);
        if (contact.phones().isEmpty()) {
            throw new InvalidCommand(LEAD_NEEDS_A_PHONE, "contact.phones", "must hold at least one number");
        }
        if (contact.phones().size() > MAX_PHONES) {
            throw new InvalidCommand(LEAD_NEEDS_A_PHONE, "contact.phones", "must hold at most " + MAX_PHONES + " numbers");
        }
        Set<String> phones = new LinkedHashSet<>();
        for (int i = 0; i < contact.phones().size(); i++) {
            phones.add(ValueRules.requireE164("contact.phones[" + i + "]", PhoneNumbers.normalise(contact.phones().get(i))));
        }
        String email = contact.email() == null ? null : ValueRules.requireEmail("contact.email", contact.email());
        LeadContact.PropertyAddress address = contact.propertyAddress();
        if (address != null) {
            address = new LeadContact.PropertyAddress(optionalText("contact.propertyAddress.street", address.street()),
                    optionalText("contact.propertyAddress.city", address.city()),
                    optionalText("contact.propertyAddress.state", address.state()),
                    optionalText("contact.propertyAddress.postalCode", address.postalCode()));
        }
        return new LeadContact(name, new ArrayList<>(phones), email, address);
    }

    static String validZone(String timezone) {
        return timezone == null ? null : ValueRules.requireZone("timezone", timezone);
    }

    static Set<String> validTags(Set<String> tags) {
        if (tags == null) {
            return Set.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidCommand(TAG_FORMAT, "tags", "at most " + MAX_TAGS + " tags");
        }
        List<String> valid = new ArrayList<>();
        tags.forEach(tag -> valid.add(validTag("tags", tag)));
        return new LinkedHashSet<>(valid);
    }

    static String validTag(String field, String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new InvalidCommand(TAG_FORMAT, field, "tags are 1-40 lowercase letters, digits, '-' or '_'");
        }
        return tag;
    }

    static void durationNotNegative(int durationSeconds) {
        if (durationSeconds < 0) {
            throw new InvalidCommand(CALL_DURATION_NOT_NEGATIVE, "durationSeconds", "must be zero or more");
        }
    }

    /** A call is logged once it started: a start in the future would let a call be placed outside its window. */
    static void callStartNotInFuture(Instant startedAt, Instant now) {
        if (startedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidCommand(CALL_START_NOT_IN_FUTURE, "startedAt", "must not be in the future");
        }
    }

    static void notesWithinLength(String notes) {
        if (notes != null && notes.length() > MAX_NOTES_LENGTH) {
            throw new InvalidCommand(CALL_NOTES_LENGTH, "notes", "must be at most " + MAX_NOTES_LENGTH + " characters");
        }
    }

    /**
     * A recorded call states the size of its recording (what the storage quota counts); a call that is not recorded
     * has none.
     */
    static void recordingBytesMatchRecording(boolean recorded, Long recordingBytes) {
        if (recorded && recordingBytes == null) {
            throw new InvalidCommand(RECORDING_BYTES_MATCH_RECORDING, "recordingBytes",
                    "is required when the call is recorded");
        }
        if (!recorded && recordingBytes != null) {
            throw new InvalidCommand(RECORDING_BYTES_MATCH_RECORDING, "recordingBytes",
                    "must be left out when the call is not recorded");
        }
        if (recordingBytes != null && (recordingBytes < 1 || recordingBytes > MAX_RECORDING_BYTES)) {
            throw new InvalidCommand(RECORDING_BYTES_WITHIN_MAXIMUM, "recordingBytes",
                    "must be between 1 and " + MAX_RECORDING_BYTES);
        }
    }

    static void leadIdNotReserved(LeadId leadId) {
        if (RESERVED_LEAD_IDS.contains(leadId.value())) {
            throw new InvalidCommand(LEAD_ID_NOT_RESERVED, "leadId", "'" + leadId.value() + "' is reserved");
        }
    }

    static void callIdUniquePerLead(Set<String> callIds, String callId) {
        if (callIds.contains(callId)) {
            throw new BusinessRuleViolation(CALL_ID_UNIQUE_PER_LEAD,
                    "A call with id '" + callId + "' is already recorded for this lead.");
        }
    }

    /** Client-supplied lead ids make imports idempotent; they follow {@link LeadId}'s format. */
    static LeadId validLeadId(String leadId) {
        if (!LeadId.isValid(leadId)) {
            throw new InvalidCommand(LEAD_ID_FORMAT, "leadId", "must be 1-64 letters, digits, '_' or '-'");
        }
        return new LeadId(leadId);
    }

    static String validCallId(String callId) {
        if (callId == null || !CALL_ID.matcher(callId).matches()) {
            throw new InvalidCommand(CALL_ID_FORMAT, "callId", "must be 1-64 letters, digits, '_' or '-'");
        }
        return callId;
    }

    private static String optionalText(String field, String value) {
        return value == null ? null : ValueRules.requireText(field, value, 200);
    }
}
