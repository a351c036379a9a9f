package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.tenant.TenantId;

/**
 * The facts outside a lead that decide whether it may be called. Implemented over the command side's own
 * strongly-consistent tables (tenant settings, tenant and platform do-not-call lists); a fake in tests.
 */
public interface CallComplianceContext {

    TcpaSettings settingsOf(TenantId tenantId);

    /** @param e164 a normalised E.164 number */
    boolean onTenantDoNotCallList(TenantId tenantId, String e164);

    /** @param e164 a normalised E.164 number */
    boolean onPlatformDoNotCallList(String e164);
}
