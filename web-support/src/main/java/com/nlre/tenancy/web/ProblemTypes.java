package com.nlre.tenancy.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * The stable {@code type} URIs of every problem this platform answers (RFC 9457). Clients may switch on them;
 * a slug never changes meaning once released.
 */
public final class ProblemTypes {

    public static final String INVALID_REQUEST = "invalid-request";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String TENANT_SUSPENDED = "tenant-suspended";
    public static final String TENANT_CANCELED = "tenant-canceled";
    public static final String TENANT_OFFBOARDED = "tenant-offboarded";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
    public static final String FEATURE_NOT_IN_PLAN = "feature-not-in-plan";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String CONFLICT = "conflict";
    /** A concurrent change to the same resource won; nothing was stored and the same request may simply be retried. */
    public static final String CONCURRENT_CHANGE = "concurrent-change";
    public static final String BUSINESS_RULE_VIOLATED = "business-rule-violated";
    public static final String SERVICE_UNAVAILABLE = "service-unavailable";
    public static final String INTERNAL_ERROR = "internal-error";

    private static final String PREFIX = "urn:nlre:problem:";

    private ProblemTypes() {
    }

    public static URI uri(String slug) {
        return URI.create(PREFIX + slug);
    }

    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri(slug));
        problem.setTitle(title);
        return problem;
    }
}
