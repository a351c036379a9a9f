package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;

/** Texts and names the query endpoints' OpenAPI annotations share. */
public final class ApiDescriptions {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** Security scheme of tenant users' access tokens ({@code Authorization: Bearer <JWT>}), declared by web-support. */
    public static final String BEARER_SCHEME = OpenApiDocs.BEARER_SCHEME;
    /** Security scheme of tenant API keys ({@code X-API-Key}), declared by web-support. */
    public static final String API_KEY_SCHEME = OpenApiDocs.API_KEY_SCHEME;

    public static final String CONSISTENCY = """
            Optional read-your-writes token, exactly as a command answered it: <tenantId>:<aggregateId>:<sequence>. \
            The query first waits, up to nlre.consistency.max-wait (5 s by default), until the read models have \
            applied that aggregate up to that sequence, then answers in any case. The response then carries \
            X-Consistency-Reached: true if they had, false if the wait ran out and the answer may not show the \
            change yet; a token whose event is parked as a dead letter gets false at once, without waiting. A value \
            that is not a token is answered with 400.""";
    public static final String TENANT_CONSISTENCY = CONSISTENCY + """
             On tenant routes the token must name the caller's own tenant (else 400).""";
    public static final String REACHED = """
            Present only when X-Consistency-Token was sent: whether the answer includes the token's change.""";
    public static final String REACHED_HEADER = ConsistencyToken.REACHED_HEADER;

    private ApiDescriptions() {
    }
}
