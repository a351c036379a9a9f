package com.nlre.tenancy.query.rebuild;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.util.List;

/** The event store's events in global order, as the command side serves them to operators. */
public interface EventStream {

    /**
     * @param after    events with a position above this one (0 for the beginning)
     * @param limit    at most this many
     * @param tenantId only this tenant's events, or every tenant's when null
     * @return event envelopes as JSON, ascending position; empty at the end of the stream
     */
    List<String> page(long after, int limit, @Nullable TenantId tenantId);
}
