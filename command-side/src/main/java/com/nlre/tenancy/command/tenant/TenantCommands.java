package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.billing.PriceSheet;
import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The commands of the tenant lifecycle. Only platform operators send them. */
public final class TenantCommands {

    private TenantCommands() {
    }

    /**
     * Creates the tenant and its owner, a user with the owner role who logs in with {@code ownerPasswordHash}.
     *
     * @param customLimits  only for {@link Plan#ENTERPRISE}; null takes the plan catalogue's limits
     * @param configuration null takes the platform defaults; otherwise applied over them
     */
    public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String businessName,
                               BusinessType businessType, OwnerContact owner, Plan plan, PlanLimits customLimits,
                               PriceSheet customPricing, Instant trialEndsAt, Instant subscriptionEndsAt, ConfigurationPatch configuration,
                               Branding branding, UserId ownerUserId, CredentialHash ownerPasswordHash) {
    }

    /**
     * @param customLimits  only for {@link Plan#ENTERPRISE}; null takes the plan catalogue's limits
     * @param customPricing only for {@link Plan#ENTERPRISE}; null takes the pricing catalogue's prices
     */
    public record ChangeTenantPlan(@TargetAggregateIdentifier TenantId tenantId, Plan plan, PlanLimits customLimits,
                                   PriceSheet customPricing) {
    }

    public record UpdateTenantConfiguration(@TargetAggregateIdentifier TenantId tenantId, ConfigurationPatch patch) {
    }

    public record UpdateTenantBranding(@TargetAggregateIdentifier TenantId tenantId, Branding branding) {
    }

    public record SuspendTenant(@TargetAggregateIdentifier TenantId tenantId, String reason) {
    }

    public record ReactivateTenant(@TargetAggregateIdentifier TenantId tenantId) {
    }

    public record CancelTenant(@TargetAggregateIdentifier TenantId tenantId, String reason) {
    }

    /**
     * Replaces the tenant's trial and subscription end dates (null: no such end), which reschedules its pending end.
     * Dates that lie ahead renew a tenant whose trial or subscription has ended.
     */
    public record ChangeTenantSubscription(@TargetAggregateIdentifier TenantId tenantId, Instant trialEndsAt,
                                           Instant subscriptionEndsAt) {
    }

    /**
     * Sent by the platform when a scheduled {@link TermEnd} is reached; idempotent, and ignored unless {@code end} is
     * still the tenant's pending end. Answers a {@link TermEndOutcome}.
     */
    public record EndTenantTerm(@TargetAggregateIdentifier TenantId tenantId, TermEnd end) {
    }

    /**
     * Sent by the platform when a canceled tenant's retention deadline is reached; idempotent. Offboards the tenant
     * if its retention period has ended, and answers a {@link TermEndOutcome}.
     */
    public record EndRetention(@TargetAggregateIdentifier TenantId tenantId) {
    }

    /**
     * An operator ends a canceled tenant's retention period early and offboards it at once (e.g. the tenant asked for
     * immediate deletion); {@code reason} is required and recorded.
     */
    public record OffboardTenant(@TargetAggregateIdentifier TenantId tenantId, String reason) {
    }
}
