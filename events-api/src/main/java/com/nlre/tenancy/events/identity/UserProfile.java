package com.nlre.tenancy.events.identity;

/** Personal data of a tenant user, kept in one value so it can be protected and forgotten as one unit. */
public record UserProfile(String name, String email) {
}
