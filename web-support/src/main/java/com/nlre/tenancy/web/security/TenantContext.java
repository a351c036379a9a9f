package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The tenant of the current request, as established from its credential. */
public final class TenantContext {

    private TenantContext() {
    }

    public static Optional<TenantPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof TenantAuthentication tenant ? Optional.of(tenant.getPrincipal()) : Optional.empty();
    }

    /** The caller's principal; a request that reached a tenant route without one is refused, never served unscoped. */
    public static TenantPrincipal require() {
        return current().orElseThrow(() -> new AccessDeniedException("no tenant context"));
    }

    public static TenantId requireTenantId() {
        return require().tenantId();
    }
}
