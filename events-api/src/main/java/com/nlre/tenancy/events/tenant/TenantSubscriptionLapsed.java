package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant's paid subscription reached its end without being renewed. An active tenant is suspended by it (a
 * {@link TenantSuspended} follows in the same transaction); a new subscription end renews it.
 *
 * @param subscriptionEndsAt when the subscription was due to end
 * @param lapsedAt           when the platform ended it (later than {@code subscriptionEndsAt} if the service was down)
 */
@Revision("1")
public record TenantSubscriptionLapsed(TenantId tenantId, Instant subscriptionEndsAt, Instant lapsedAt)
        implements TenantEvent {
}
