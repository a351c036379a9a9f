package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.util.List;

/** One tenant's events from the event store (the source of truth), in global order, a page at a time. */
public interface TenantHistoryReader {

    /**
     * @param aggregateId only this aggregate's events, or all of the tenant's when null
     * @param after       events with a position above this one (0 for the beginning)
     * @param limit       at most this many
     * @return event envelopes as JSON, ascending position; fewer than {@code limit} at the end
     */
    List<String> page(TenantId tenantId, @Nullable String aggregateId, long after, int limit);
}
