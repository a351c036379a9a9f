package com.nlre.tenancy.query.audit;

/** Kinds of a tenant's resources that tenant routes look up by id. */
public enum TenantResource {
    USER("user", "user"),
    API_KEY("api_key", "API key"),
    LEAD("lead", "lead"),
    AGENT("agent", "AI agent"),
    GDPR_EXPORT("gdpr_export", "export");

    private final String tag;
    private final String displayName;

    TenantResource(String tag, String displayName) {
        this.tag = tag;
        this.displayName = displayName;
    }

    /** As audit records and metrics name it, e.g. {@code api_key}. */
    public String tag() {
        return tag;
    }

    /** As a 404's detail names it, e.g. {@code No API key with id '…'}. */
    public String displayName() {
        return displayName;
    }
}
