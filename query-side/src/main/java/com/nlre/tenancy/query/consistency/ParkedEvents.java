package com.nlre.tenancy.query.consistency;

import com.nlre.tenancy.events.tenant.TenantId;

/**
 * Whether an aggregate's event is parked as a dead letter, so waiting for it is pointless until an operator retries
 * it: the events of an aggregate apply in order, so one parked at or below a sequence holds that sequence back.
 */
@FunctionalInterface
public interface ParkedEvents {

    /** Nothing is ever parked (for code and tests without a dead-letter store). */
    ParkedEvents NONE = (tenantId, aggregateId, sequence) -> false;

    /** True when an event of the aggregate with a sequence at or below {@code sequence} is parked. */
    boolean holdsBack(TenantId tenantId, String aggregateId, long sequence);
}
