package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.tenant.TenantId;

import java.util.Set;

/**
 * The authenticated caller of a tenant route: its tenant comes only from the credential (JWT claim or API key),
 * never from a request field.
 *
 * @param principalId a user id for users, an API key id for keys
 * @param role        the user's role; null for API keys
 */
public record TenantPrincipal(TenantId tenantId, String principalId, PrincipalType type, Role role,
                              Set<Permission> permissions) {

    public TenantPrincipal {
        permissions = Set.copyOf(permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
