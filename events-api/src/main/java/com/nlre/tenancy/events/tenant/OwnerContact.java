package com.nlre.tenancy.events.tenant;

/**
 * Personal data of the tenant's owner, kept in one value so it can be protected and forgotten as one unit.
 *
 * @param phone E.164, e.g. {@code +15551234567}
 */
public record OwnerContact(String name, String email, String phone) {
}
