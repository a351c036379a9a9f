package com.nlre.tenancy.web.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.List;

/**
 * An authenticated tenant principal. Authorities: {@code ROLE_TENANT} and one {@code PERM_<permission>} per
 * permission, so endpoints say {@code @PreAuthorize("hasAuthority('PERM_users.manage')")}.
 */
public class TenantAuthentication extends AbstractAuthenticationToken {

    public static final String PERMISSION_PREFIX = "PERM_";
    public static final String TENANT_ROLE = "ROLE_TENANT";

    private final TenantPrincipal principal;
    private final Object credentials;

    public TenantAuthentication(TenantPrincipal principal, Object credentials) {
        super(authoritiesOf(principal));
        this.principal = principal;
        this.credentials = credentials;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authoritiesOf(TenantPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(TENANT_ROLE));
        principal.permissions().forEach(permission ->
                authorities.add(new SimpleGrantedAuthority(PERMISSION_PREFIX + permission.wireName())));
        return authorities;
    }

    @Override
    public TenantPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return credentials;
    }

    @Override
    public String getName() {
        return principal.principalId();
    }
}
