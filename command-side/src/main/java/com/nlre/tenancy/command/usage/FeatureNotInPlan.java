package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;

/** The tenant's plan does not include what the command needs (answered 403, naming the feature). */
public class FeatureNotInPlan extends RuntimeException {

    private final Feature feature;

    public FeatureNotInPlan(Plan plan, Feature feature) {
        super("The " + plan.wireName() + " plan does not include " + feature.wireName().replace('_', ' ') + ".");
        this.feature = feature;
    }

    public Feature feature() {
        return feature;
    }
}
