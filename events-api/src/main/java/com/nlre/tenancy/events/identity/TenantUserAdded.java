package com.nlre.tenancy.events.identity;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalData;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/** A user joined the tenant. The tenant's owner is added this way when the tenant is created. */
@Revision("1")
public record TenantUserAdded(TenantId tenantId, UserId userId,
                              @PersonalData(subject = "userId") UserProfile profile, Role role, Set<Permission> permissions,
                              Instant addedAt) implements TenantEvent {
}
