package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Which features each plan includes, from configuration ({@code nlre.plan-features.<plan>}); none when unlisted. */
@ConfigurationProperties("nlre")
public record PlanFeatureCatalog(Map<Plan, Set<Feature>> planFeatures) {

    public PlanFeatureCatalog {
        planFeatures = planFeatures == null ? Map.of() : Map.copyOf(new EnumMap<>(planFeatures));
    }

    public boolean includes(Plan plan, Feature feature) {
        return planFeatures.getOrDefault(plan, Set.of()).contains(feature);
    }

    /** @throws FeatureNotInPlan when {@code plan} lacks {@code feature} */
    public void require(Plan plan, Feature feature) {
        if (!includes(plan, feature)) {
            throw new FeatureNotInPlan(plan, feature);
        }
    }
}
