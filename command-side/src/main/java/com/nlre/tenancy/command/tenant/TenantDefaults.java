package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfiguration.AiConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.CallingConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.TcpaConfig;

import java.math.BigDecimal;
import java.time.LocalTime;

/**
 * The configuration a new tenant starts with (seed: tenants.config), before the operator's own values are applied.
 * TCPA protections start on: written consent required, DNC checked, calls 09:00-20:00 Eastern.
 */
public final class TenantDefaults {

    public static final TenantConfiguration CONFIGURATION = new TenantConfiguration(
            "America/New_York", "en-US", "MM/DD/YYYY",
            new AiConfig("claude-sonnet-4-5-20250929", new BigDecimal("0.7"), true),
            new CallingConfig(null, 1800, false, false),
            new TcpaConfig(true, true, LocalTime.of(9, 0), LocalTime.of(20, 0), "America/New_York"));

    private TenantDefaults() {
    }
}
