package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;

import java.time.Instant;

/** An envelope from the event topic with its payload resolved to the catalog's record. */
public record ReceivedEvent(EventEnvelope envelope, TenantEvent payload) {

    /** The event's tenant; the projector has checked that envelope and payload agree on it. */
    public TenantId tenantId() {
        return payload.tenantId();
    }

    public String aggregateId() {
        return envelope.aggregateId();
    }

    /** The event's position in its aggregate's stream, starting at 0; what projections are idempotent by. */
    public long sequence() {
        return envelope.aggregateSequence();
    }

    public Instant occurredAt() {
        return envelope.occurredAt();
    }
}
