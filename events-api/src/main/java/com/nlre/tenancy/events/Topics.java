package com.nlre.tenancy.events;

/** Kafka topic names. A breaking change to the envelope gets a new topic version. */
public final class Topics {

    /** Every domain event, as an {@link EventEnvelope}, keyed by tenantId so one tenant's events stay in order. */
    public static final String EVENTS = "nlre.events.v1";

    private Topics() {
    }
}
