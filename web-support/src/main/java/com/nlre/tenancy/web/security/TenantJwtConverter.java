package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A verified access token becomes a tenant user principal; a token whose claims are not well-formed is refused. */
public class TenantJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String tenantId = jwt.getClaimAsString(JwtClaimNames.TENANT_ID);
        String userId = jwt.getClaimAsString(JwtClaimNames.USER_ID);
        String role = jwt.getClaimAsString(JwtClaimNames.ROLE);
        List<String> permissions = jwt.getClaimAsStringList(JwtClaimNames.PERMISSIONS);
        if (!TenantId.isValid(tenantId) || !UserId.isValid(userId) || role == null || permissions == null
                || !userId.equals(jwt.getSubject())) {
            throw invalid();
        }
        try {
            Set<Permission> granted = EnumSet.noneOf(Permission.class);
            permissions.forEach(permission -> granted.add(Permission.fromWireName(permission)));
            TenantPrincipal principal = new TenantPrincipal(new TenantId(tenantId), userId, PrincipalType.USER,
                    Role.fromWireName(role), granted);
            return new TenantAuthentication(principal, jwt);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static OAuth2AuthenticationException invalid() {
        return new OAuth2AuthenticationException(new OAuth2Error("invalid_token", "malformed claims", null));
    }
}
