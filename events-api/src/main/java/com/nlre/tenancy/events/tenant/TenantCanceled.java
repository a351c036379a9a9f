package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tenant's subscription ended for good; a canceled tenant never changes again. */
@Revision("1")
public record TenantCanceled(TenantId tenantId, String reason, Instant canceledAt) implements TenantEvent {
}
