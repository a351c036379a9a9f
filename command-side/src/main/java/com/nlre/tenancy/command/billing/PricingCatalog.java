package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each plan costs, from configuration ({@code nlre.pricing.*}; defaults are the seed's pricing table). A plan
 * without a price sheet costs nothing through the platform (enterprise is priced per contract: operators pass the
 * negotiated sheet with the plan).
 */
@ConfigurationProperties("nlre.pricing")
public record PricingCatalog(Currency currency, Map<Plan, PriceSheet> plans) {

    public PricingCatalog {
        currency = currency == null ? Currency.getInstance("USD") : currency;
        plans = plans == null ? Map.of() : Map.copyOf(new EnumMap<>(plans));
    }

    /** The catalogue's pricing of {@code plan} with {@code limits}. */
    public PlanPricing pricingFor(Plan plan, PlanLimits limits) {
        PriceSheet sheet = plans.getOrDefault(plan, new PriceSheet(BigDecimal.ZERO, Map.of()));
        return sheet.toPricing(currency, limits, "nlre.pricing.plans." + plan.wireName());
    }

    /** Negotiated enterprise terms, validated as a request's {@code pricing} field. */
    public PlanPricing negotiated(PriceSheet sheet, PlanLimits limits) {
        return sheet.toPricing(currency, limits, "pricing");
    }
}
