package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant's subscription ended for good; a canceled tenant never changes again, except that it is offboarded
 * ({@link TenantOffboarded}) when its retention period ends.
 *
 * <p>{@code retentionEndsAt} is when that period ends: until then the tenant may export its data. It was added after
 * this event was first published and is still revision 1: the change only adds a field, and a payload without it
 * (every tenant canceled before retention was recorded) reads as null, which readers take as {@code canceledAt} plus
 * the configured retention period ({@code nlre.offboarding.retention}). Readers of older payloads need no upcaster; a
 * consumer that does not know the field ignores it.
 */
@Revision("1")
public record TenantCanceled(TenantId tenantId, String reason, Instant canceledAt, Instant retentionEndsAt)
        implements TenantEvent {

    /** A cancellation as recorded before retention periods: its end is derived from the configured period. */
    public TenantCanceled(TenantId tenantId, String reason, Instant canceledAt) {
        this(tenantId, reason, canceledAt, null);
    }
}
