package com.nlre.tenancy.web.security;

/** The claims of the access tokens this platform issues (seed: JWT Token Structure) and the values it checks. */
public final class JwtClaimNames {

    public static final String USER_ID = "userId";
    public static final String TENANT_ID = "tenantId";
    public static final String ROLE = "role";
    public static final String PERMISSIONS = "permissions";
    public static final String ISSUER = "nlre-tenancy";
    public static final String AUDIENCE = "nlre-api";

    private JwtClaimNames() {
    }
}
