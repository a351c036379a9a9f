package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.command.billing.PriceSheet;
import com.nlre.tenancy.command.billing.PricingCatalog;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanPricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The seed's feature table and prices, as command-side.yml configures them, for aggregate fixture tests. */
public final class TestPlans {

    public static final PlanFeatureCatalog FEATURES = new PlanFeatureCatalog(Map.of(
            Plan.FREE, Set.of(),
            Plan.STARTER, EnumSet.of(Feature.CALL_RECORDING, Feature.API_ACCESS),
            Plan.PROFESSIONAL, EnumSet.of(Feature.CALL_RECORDING, Feature.CUSTOM_BRANDING, Feature.API_ACCESS,
                    Feature.PRIORITY_SUPPORT),
            Plan.ENTERPRISE, EnumSet.allOf(Feature.class)));

    /** The seed's prices, as command-side.yml configures them. */
    public static final PricingCatalog PRICES = new PricingCatalog(Currency.getInstance("USD"), Map.of(
            Plan.FREE, new PriceSheet(BigDecimal.ZERO, Map.of()),
            Plan.STARTER, new PriceSheet(new BigDecimal("99.00"),
                    Map.of(PriceSheet.CALLS, new PriceSheet.OverageSheet(new BigDecimal("0.25"), 500L))),
            Plan.PROFESSIONAL, new PriceSheet(new BigDecimal("299.00"),
                    Map.of(PriceSheet.CALLS, new PriceSheet.OverageSheet(new BigDecimal("0.20"), 5_000L)))));

    /** {@link #PRICES} in the minor units events carry. */
    public static final PlanPricing STARTER_PRICING = new PlanPricing("USD", 9_900,
            List.of(new PlanPricing.OverageRate("calls", 25, 500)));
    public static final PlanPricing PROFESSIONAL_PRICING = new PlanPricing("USD", 29_900,
            List.of(new PlanPricing.OverageRate("calls", 20, 5_000)));

    private TestPlans() {
    }
}
