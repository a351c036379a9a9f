package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;

import java.util.Set;

/** What a successful login grants, as the tenant's membership holds it at that moment. */
public record LoginGrant(Role role, Set<Permission> permissions) {

    public LoginGrant {
        permissions = Set.copyOf(permissions);
    }
}
