package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An operator set the tenant's trial and subscription end dates; both are replaced (null: no such end). If they
 * renew a tenant whose trial or subscription had ended, a {@link TenantReactivated} follows when that end had
 * suspended it; if the new end has already passed, the end follows at once.
 */
@Revision("1")
public record TenantSubscriptionChanged(TenantId tenantId, Instant trialEndsAt, Instant subscriptionEndsAt,
                                        Instant changedAt) implements TenantEvent {
}
