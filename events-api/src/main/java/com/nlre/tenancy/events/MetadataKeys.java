package com.nlre.tenancy.events;

/** Keys of the metadata that travels with every command, event and Kafka record. */
public final class MetadataKeys {

    public static final String TENANT_ID = "tenantId";
    /** Who caused the change: a user id, an API key id or an operator name. */
    public static final String ACTOR_ID = "actorId";
    /** {@code user}, {@code api_key}, {@code operator} or {@code system}. */
    public static final String ACTOR_TYPE = "actorType";
    public static final String CORRELATION_ID = "correlationId";

    private MetadataKeys() {
    }
}
