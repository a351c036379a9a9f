package com.nlre.tenancy.query.offboarding;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.web.security.TenantStatusLookup;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a tenant is offboarded, for writers of data that does not come from the tenant's own event stream (the
 * access audit trail): nothing of an offboarded tenant may be stored again. Answers from the tenants this instance saw
 * offboarded (marked before their purge starts, so a record that arrives during or after the purge is refused here),
 * else from the tenant standing cache (evicted on every instance by the tenant's own events).
 */
@Component
public class OffboardedTenants {

    private final Set<TenantId> seen = ConcurrentHashMap.newKeySet();
    private final TenantStatusLookup standings;

    public OffboardedTenants(TenantStatusLookup standings) {
        this.standings = standings;
    }

    /** Offboarding is final: once marked, a tenant stays offboarded. */
    void markOffboarded(TenantId tenantId) {
        seen.add(tenantId);
    }

    public boolean isOffboarded(TenantId tenantId) {
        return seen.contains(tenantId)
                || standings.statusOf(tenantId).filter(status -> status == TenantStatus.OFFBOARDED).isPresent();
    }
}
