package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A canceled tenant's retention period ended and its data was let go: read models deleted, its tenant key shredded, so
 * the personal data its events hold can no longer be read. The event itself is the lasting record that offboarding
 * happened; it carries no personal data.
 */
@Revision("1")
public record TenantOffboarded(TenantId tenantId, Instant canceledAt, Instant retentionEndedAt, Instant offboardedAt)
        implements TenantEvent {
}
