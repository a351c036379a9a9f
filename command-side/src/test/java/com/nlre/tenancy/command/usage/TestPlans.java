package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The seed's feature table, as command-side.yml configures it, for aggregate fixture tests. */
public final class TestPlans {

    public static final PlanFeatureCatalog FEATURES = new PlanFeatureCatalog(Map.of(
            Plan.FREE, Set.of(),
            Plan.STARTER, EnumSet.of(Feature.CALL_RECORDING, Feature.API_ACCESS),
            Plan.PROFESSIONAL, EnumSet.of(Feature.CALL_RECORDING, Feature.CUSTOM_BRANDING, Feature.API_ACCESS,
                    Feature.PRIORITY_SUPPORT),
            Plan.ENTERPRISE, EnumSet.allOf(Feature.class)));

    private TestPlans() {
    }
}
