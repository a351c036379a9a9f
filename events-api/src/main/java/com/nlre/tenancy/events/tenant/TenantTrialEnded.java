package com.nlre.tenancy.events.tenant;

import com.nlre.tenancy.events.TenantEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant's trial reached its end with no paid subscription running past it. An active tenant is suspended by it
 * (a {@link TenantSuspended} follows in the same transaction); new trial or subscription dates renew it.
 *
 * @param trialEndsAt when the trial was due to end
 * @param endedAt     when the platform ended it (later than {@code trialEndsAt} if the service was down then)
 */
@Revision("1")
public record TenantTrialEnded(TenantId tenantId, Instant trialEndsAt, Instant endedAt) implements TenantEvent {
}
