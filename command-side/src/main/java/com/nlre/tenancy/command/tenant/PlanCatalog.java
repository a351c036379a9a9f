package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.EnumMap;
import java.util.Map;

/**
 * The limits each plan grants, from configuration ({@code nlre.plans.<plan>.*}; defaults are the seed's pricing
 * table in application.yml). A plan missing from configuration is unlimited, which only makes sense for enterprise.
 */
@ConfigurationProperties("nlre")
public record PlanCatalog(Map<Plan, PlanLimits> plans) {

    public PlanCatalog {
        plans = plans == null ? Map.of() : Map.copyOf(new EnumMap<>(plans));
    }

    public PlanLimits limitsFor(Plan plan) {
        return plans.getOrDefault(plan, PlanLimits.UNLIMITED);
    }
}
