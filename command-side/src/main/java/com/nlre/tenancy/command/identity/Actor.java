package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.SecurityConfiguration;
import com.nlre.tenancy.web.security.TenantAuthentication;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.springframework.security.core.Authentication;

/**
 * Who causes a change, as recorded in every command's and event's metadata ({@code actorId}, {@code actorType}).
 *
 * @param type {@value #USER}, {@value #API_KEY}, {@value #OPERATOR} or {@value #SYSTEM}
 */
public record Actor(String id, String type) {

    public static final String USER = "user";
    public static final String API_KEY = "api_key";
    public static final String OPERATOR = "operator";
    public static final String SYSTEM = "system";

    public static Actor of(TenantPrincipal principal) {
        return new Actor(principal.principalId(), principal.type() == PrincipalType.API_KEY ? API_KEY : USER);
    }

    public static Actor of(Authentication authentication) {
        if (authentication instanceof TenantAuthentication tenant) {
            return of(tenant.getPrincipal());
        }
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + SecurityConfiguration.OPERATOR_ROLE).equals(authority.getAuthority()));
        return new Actor(authentication.getName(), operator ? OPERATOR : USER);
    }

    public static Actor user(UserId userId) {
        return new Actor(userId.value(), USER);
    }

    /** The platform itself, e.g. the login guard that locks a user out. */
    public static Actor system(String component) {
        return new Actor(component, SYSTEM);
    }
}
