package com.nlre.tenancy.web.security;

/** Who is calling on behalf of a tenant. Platform operators are a separate kind of principal, never a tenant's. */
public enum PrincipalType {
    USER, API_KEY
}
