package com.nlre.tenancy.events.lead;

import java.util.List;

/**
 * Everything personal about a lead, in one value so it can be protected and forgotten as one unit.
 *
 * @param phones E.164 numbers, first is primary
 */
public record LeadContact(String name, List<String> phones, String email, PropertyAddress propertyAddress) {

    public LeadContact {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    public record PropertyAddress(String street, String city, String state, String postalCode) {
    }
}
