package com.nlre.tenancy.events;

/** Kafka topic names. A breaking change to the envelope gets a new topic version. */
public final class Topics {

    /** Every domain event, as an {@link EventEnvelope}, keyed by tenantId so one tenant's events stay in order. */
    public static final String EVENTS = "nlre.events.v1";

    /**
     * The command side's access audit records ({@link com.nlre.tenancy.events.audit.AccessRecord} as JSON), keyed by
     * tenantId ({@value #NO_TENANT_KEY} for operator requests that name no tenant).
     */
    public static final String ACCESS_AUDIT = "nlre.access-audit.v1";

    /** The key of an access audit record that concerns no single tenant. */
    public static final String NO_TENANT_KEY = "-";

    private Topics() {
    }
}
