package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadStatus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A lead's named rules. Value rules answer 400 with the field at fault, state rules 422 with the rule. */
final class LeadRules {

    static final String DELETED_LEAD_IS_FINAL = "DELETED_LEAD_IS_FINAL";
    static final String STATUS_TRANSITION_ALLOWED = "STATUS_TRANSITION_ALLOWED";
    static final String PHONE_BELONGS_TO_LEAD = "PHONE_BELONGS_TO_LEAD";
    static final String CONSENT_MUST_EXIST_TO_BE_REVOKED = "CONSENT_MUST_EXIST_TO_BE_REVOKED";
    static final String LEAD_NEEDS_A_PHONE = "LEAD_NEEDS_A_PHONE";
    static final String TAG_FORMAT = "TAG_FORMAT";
    static final String CALL_DURATION_NOT_NEGATIVE = "CALL_DURATION_NOT_NEGATIVE";

    static final int MAX_PHONES = 10;
    static final int MAX_TAGS = 50;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private LeadRules() {
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

    private static String optionalText(String field, String value) {
        return value == null ? null : ValueRules.requireText(field, value, 200);
    }
}
