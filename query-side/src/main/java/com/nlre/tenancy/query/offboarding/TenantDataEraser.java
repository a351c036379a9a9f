package com.nlre.tenancy.query.offboarding;

import com.nlre.tenancy.events.tenant.TenantId;

/**
 * Tenant data the query side keeps outside the read models (e.g. GDPR export files), deleted when the tenant is
 * offboarded. Every bean of this type is called by {@link OffboardingProjection} after the read models are purged,
 * while the {@code TenantOffboarded} event is projected: an exception propagates, so the event is retried. Must be
 * idempotent (redelivery and rebuilds call it again).
 */
@FunctionalInterface
public interface TenantDataEraser {

    /** Deletes everything of the tenant this eraser holds. */
    void eraseAllOf(TenantId tenantId);
}
