package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.billing.PriceSheet;
import com.nlre.tenancy.command.billing.PricingCatalog;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfiguration.AiConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.CallingConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.TcpaConfig;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.math.BigDecimal;
import java.time.Instant;

/** The tenant's named business rules. State rules answer 422, value rules 400 with the field at fault. */
final class TenantRules {

    static final String CANCELED_TENANT_IS_FINAL = "CANCELED_TENANT_IS_FINAL";
    static final String ONLY_ACTIVE_TENANT_CAN_BE_SUSPENDED = "ONLY_ACTIVE_TENANT_CAN_BE_SUSPENDED";
    static final String ONLY_SUSPENDED_TENANT_CAN_BE_REACTIVATED = "ONLY_SUSPENDED_TENANT_CAN_BE_REACTIVATED";
    static final String PLAN_CHANGE_MUST_CHANGE_SOMETHING = "PLAN_CHANGE_MUST_CHANGE_SOMETHING";
    static final String CUSTOM_LIMITS_ONLY_ON_ENTERPRISE = "CUSTOM_LIMITS_ONLY_ON_ENTERPRISE";
    static final String CUSTOM_PRICING_ONLY_ON_ENTERPRISE = "CUSTOM_PRICING_ONLY_ON_ENTERPRISE";
    static final String LIMITS_MUST_BE_POSITIVE = "LIMITS_MUST_BE_POSITIVE";
    static final String CALL_WINDOW_START_BEFORE_END = "CALL_WINDOW_START_BEFORE_END";
    static final String TRIAL_ENDS_BEFORE_SUBSCRIPTION = "TRIAL_ENDS_BEFORE_SUBSCRIPTION";
    static final String MAX_CALL_DURATION_IN_RANGE = "MAX_CALL_DURATION_IN_RANGE";
    static final String AI_TEMPERATURE_IN_RANGE = "AI_TEMPERATURE_IN_RANGE";
    static final String REQUIRED_VALUE = "REQUIRED_VALUE";

    /** Four hours: no telemarketing call legitimately lasts longer. */
    static final int MAX_CALL_DURATION_SECONDS = 4 * 60 * 60;
    static final int MAX_REASON_LENGTH = 500;

    private TenantRules() {
    }

    /** Covers offboarded tenants too: offboarding only ever follows a cancellation. */
    static void canceledTenantIsFinal(TenantStatus status) {
        if (status == TenantStatus.CANCELED || status == TenantStatus.OFFBOARDED) {
            throw new BusinessRuleViolation(CANCELED_TENANT_IS_FINAL, "The tenant is canceled; it can no longer change.");
        }
    }

    static void onlyActiveTenantCanBeSuspended(TenantStatus status) {
        canceledTenantIsFinal(status);
        if (status != TenantStatus.ACTIVE) {
            throw new BusinessRuleViolation(ONLY_ACTIVE_TENANT_CAN_BE_SUSPENDED, "The tenant is already suspended.");
        }
    }

    static void onlySuspendedTenantCanBeReactivated(TenantStatus status) {
        canceledTenantIsFinal(status);
        if (status != TenantStatus.SUSPENDED) {
            throw new BusinessRuleViolation(ONLY_SUSPENDED_TENANT_CAN_BE_REACTIVATED, "The tenant is not suspended.");
        }
    }

    static void planChangeMustChangeSomething(Plan currentPlan, PlanLimits currentLimits, PlanPricing currentPricing,
                                              Plan plan, PlanLimits limits, PlanPricing pricing) {
        if (currentPlan == plan && currentLimits.equals(limits) && pricing.equals(currentPricing)) {
            throw new BusinessRuleViolation(PLAN_CHANGE_MUST_CHANGE_SOMETHING,
                    "The tenant already has plan '" + plan.wireName() + "' with these limits and prices.");
        }
    }

    /** Only enterprise limits are negotiated per tenant; every other plan takes the catalogue's. */
    static PlanLimits limitsFor(Plan plan, PlanLimits customLimits, PlanCatalog catalog) {
        required("plan", plan);
        if (customLimits == null) {
            return catalog.limitsFor(plan);
        }
        if (plan != Plan.ENTERPRISE) {
            throw new InvalidCommand(CUSTOM_LIMITS_ONLY_ON_ENTERPRISE, "limits",
                    "custom limits are only allowed on the enterprise plan");
        }
        positive("limits.maxLeads", customLimits.maxLeads());
        positive("limits.maxCalls", customLimits.maxCalls());
        positive("limits.maxAgents", customLimits.maxAgents());
        positive("limits.maxUsers", customLimits.maxUsers());
        positive("limits.storageGb", customLimits.storageGb());
        return customLimits;
    }

    /** Only enterprise prices are negotiated per tenant; every other plan takes the catalogue's. */
    static PlanPricing pricingFor(Plan plan, PlanLimits limits, PriceSheet customPricing, PricingCatalog catalog) {
        if (customPricing == null) {
            return catalog.pricingFor(plan, limits);
        }
        if (plan != Plan.ENTERPRISE) {
            throw new InvalidCommand(CUSTOM_PRICING_ONLY_ON_ENTERPRISE, "pricing",
                    "custom pricing is only allowed on the enterprise plan");
        }
        return catalog.negotiated(customPricing, limits);
    }

    static OwnerContact validOwner(OwnerContact owner) {
        required("owner", owner);
        return new OwnerContact(ValueRules.requireText("owner.name", owner.name(), 200),
                ValueRules.requireEmail("owner.email", owner.email()),
                ValueRules.requireE164("owner.phone", owner.phone()));
    }

    static void trialEndsBeforeSubscription(Instant trialEndsAt, Instant subscriptionEndsAt) {
        if (trialEndsAt != null && subscriptionEndsAt != null && trialEndsAt.isAfter(subscriptionEndsAt)) {
            throw new InvalidCommand(TRIAL_ENDS_BEFORE_SUBSCRIPTION, "trialEndsAt",
                    "must not be after subscriptionEndsAt");
        }
    }

    static String validReason(String field, String reason) {
        return ValueRules.requireText(field, reason, MAX_REASON_LENGTH);
    }

    /** The whole configuration after a change: every field present and each within its rule. */
    static TenantConfiguration validConfiguration(TenantConfiguration configuration) {
        String timezone = ValueRules.requireZone("configuration.timezone", configuration.timezone());
        String locale = ValueRules.requireLocale("configuration.locale", configuration.locale());
        String dateFormat = ValueRules.requireText("configuration.dateFormat", configuration.dateFormat(), 32);
        AiConfig ai = configuration.ai();
        String model = ValueRules.requireText("configuration.ai.model", ai.model(), 100);
        BigDecimal temperature = required("configuration.ai.temperature", ai.temperature());
        if (temperature.compareTo(BigDecimal.ZERO) < 0 || temperature.compareTo(BigDecimal.valueOf(2)) > 0) {
            throw new InvalidCommand(AI_TEMPERATURE_IN_RANGE, "configuration.ai.temperature", "must be between 0 and 2");
        }
        CallingConfig calling = configuration.calling();
        String callerId = calling.defaultCallerId() == null ? null
                : ValueRules.requireE164("configuration.calling.defaultCallerId", calling.defaultCallerId());
        if (calling.maxCallDuration() < 1 || calling.maxCallDuration() > MAX_CALL_DURATION_SECONDS) {
            throw new InvalidCommand(MAX_CALL_DURATION_IN_RANGE, "configuration.calling.maxCallDuration",
                    "must be between 1 and " + MAX_CALL_DURATION_SECONDS + " seconds");
        }
        TcpaConfig tcpa = configuration.tcpa();
        required("configuration.tcpa.callWindowStart", tcpa.callWindowStart());
        required("configuration.tcpa.callWindowEnd", tcpa.callWindowEnd());
        if (!tcpa.callWindowStart().isBefore(tcpa.callWindowEnd())) {
            throw new InvalidCommand(CALL_WINDOW_START_BEFORE_END, "configuration.tcpa.callWindowStart",
                    "must be before callWindowEnd");
        }
        String windowZone = ValueRules.requireZone("configuration.tcpa.callWindowTimezone", tcpa.callWindowTimezone());
        return new TenantConfiguration(timezone, locale, dateFormat,
                new AiConfig(model, temperature, ai.enablePromptCaching()),
                new CallingConfig(callerId, calling.maxCallDuration(), calling.enableRecording(),
                        calling.enableTranscription()),
                new TcpaConfig(tcpa.requireWrittenConsent(), tcpa.enableDNCCheck(), tcpa.callWindowStart(),
                        tcpa.callWindowEnd(), windowZone));
    }

    static Branding validBranding(Branding branding) {
        if (branding == null) {
            return null;
        }
        return new Branding(ValueRules.requireHttpsUrl("branding.logoUrl", branding.logoUrl()),
                ValueRules.requireHexColor("branding.primaryColor", branding.primaryColor()),
                ValueRules.requireHexColor("branding.secondaryColor", branding.secondaryColor()),
                branding.fontFamily() == null ? null
                        : ValueRules.requireText("branding.fontFamily", branding.fontFamily(), 100));
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidCommand(REQUIRED_VALUE, field, "is required");
        }
        return value;
    }

    private static void positive(String field, Number limit) {
        if (limit != null && limit.longValue() < 0) {
            throw new InvalidCommand(LIMITS_MUST_BE_POSITIVE, field, "must be zero or more (omit it for unlimited)");
        }
    }
}
