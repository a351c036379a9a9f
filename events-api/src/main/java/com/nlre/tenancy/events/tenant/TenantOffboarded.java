package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A canceled tenant's retention period ended and its data was let go: read models deleted, its tenant key shredded, so
 * the personal data its events hold can no longer be read. The event itself is the lasting record that offboarding
 * happened; it carries no personal data.
 *
 * <p>{@code retentionEndedAt} is when the retention period ended: the end recorded at cancellation, or, when an
 * operator ended it early, {@code offboardedAt}. {@code earlyReason} is null when the period ran its course, else the
 * operator's reason for ending it early (e.g. the tenant asked for immediate deletion); it was added within revision 1
 * (a payload without it reads as null: the period ran its course).
 */
@Revision("1")
public record TenantOffboarded(TenantId tenantId, Instant canceledAt, Instant retentionEndedAt, Instant offboardedAt,
                               String earlyReason) implements TenantEvent {

    /** Offboarding at the end of the retention period. */
    public TenantOffboarded(TenantId tenantId, Instant canceledAt, Instant retentionEndedAt, Instant offboardedAt) {
        this(tenantId, canceledAt, retentionEndedAt, offboardedAt, null);
    }
}
