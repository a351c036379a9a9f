package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;

/**
 * Lead ids are unique only within a tenant, aggregate ids across the whole event store: a lead's aggregate id is its
 * tenant id and lead id joined by a dot, which neither may contain.
 */
public final class LeadKeys {

    private LeadKeys() {
    }

    public static String aggregateId(TenantId tenantId, LeadId leadId) {
        return tenantId.value() + "." + leadId.value();
    }
}
