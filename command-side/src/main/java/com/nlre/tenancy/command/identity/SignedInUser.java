package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.springframework.security.access.AccessDeniedException;

/** The user behind a {@code /users/me} request. An API key is not a user: it is refused (403). */
public final class SignedInUser {

    private SignedInUser() {
    }

    public static TenantPrincipal require() {
        TenantPrincipal principal = TenantContext.require();
        if (principal.type() != PrincipalType.USER || !UserId.isValid(principal.principalId())) {
            throw new AccessDeniedException("only a signed-in user has a 'me'");
        }
        return principal;
    }

    public static UserId userId(TenantPrincipal principal) {
        return new UserId(principal.principalId());
    }
}
