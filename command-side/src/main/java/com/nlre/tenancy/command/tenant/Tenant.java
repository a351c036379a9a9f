package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.billing.PricingCatalog;
import com.nlre.tenancy.command.tenant.TenantCommands.CancelTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantSubscription;
import com.nlre.tenancy.command.tenant.TenantCommands.EndRetention;
import com.nlre.tenancy.command.tenant.TenantCommands.EndTenantTerm;
import com.nlre.tenancy.command.tenant.TenantCommands.OffboardTenant;
import com.nlre.tenancy.command.usage.Feature;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.PlanFeatureCatalog;
import com.nlre.tenancy.command.usage.Quotas;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantPlan;
import com.nlre.tenancy.command.tenant.TenantCommands.CreateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ReactivateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.SuspendTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantBranding;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantConfiguration;
import com.nlre.tenancy.command.identity.CredentialStore;
import com.nlre.tenancy.command.identity.TenantMembership;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A real-estate business using the platform. Decides its lifecycle (active → suspended ⇄ active → canceled, canceled
 * being final → offboarded when the retention period that the cancellation started ends), its plan and limits, and its
 * configuration; its {@link TenantMembership} decides its users and API
 * keys. Keeps only the state those decisions need.
 */
@Aggregate
public class Tenant {

    @AggregateIdentifier
    private TenantId tenantId;
    private TenantStatus status;
    private Plan plan;
    private PlanLimits limits;
    private PlanPricing pricing;
    private TenantConfiguration configuration;
    @AggregateMember
    private TenantMembership membership;
    private Instant trialEndsAt;
    private Instant subscriptionEndsAt;
    /** The trial or subscription end that has taken effect and not been renewed yet; null while access time is left. */
    private TermEnd endedTerm;
    /** Whether that end is what suspended the tenant (it may have been suspended by an operator before). */
    private boolean suspendedByTermEnd;
    private Instant canceledAt;
    /** As recorded by the cancellation; null for a cancellation recorded before retention was (see RetentionPeriod). */
    private Instant retentionEndsAt;

    protected Tenant() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Tenant(CreateTenant command, PlanCatalog catalog, PricingCatalog prices, PlanFeatureCatalog features,
                  CredentialStore credentials, Quotas quotas, Clock clock) {
        String businessName = ValueRules.requireText("businessName", command.businessName(), 200);
        TenantRules.required("businessType", command.businessType());
        OwnerContact owner = TenantRules.validOwner(command.owner());
        PlanLimits planLimits = TenantRules.limitsFor(command.plan(), command.customLimits(), catalog);
        PlanPricing pricing = TenantRules.pricingFor(command.plan(), planLimits, command.customPricing(), prices);
        TenantRules.trialEndsBeforeSubscription(command.trialEndsAt(), command.subscriptionEndsAt());
        ConfigurationPatch patch = command.configuration() == null ? ConfigurationPatch.NONE : command.configuration();
        TenantConfiguration initial = TenantRules.validConfiguration(patch.applyTo(defaultsFollowingZone(patch)));
        Branding branding = TenantRules.validBranding(command.branding());
        if (branding != null) {
            features.require(command.plan(), Feature.CUSTOM_BRANDING);
        }
        TenantRules.required("ownerUserId", command.ownerUserId());
        TenantRules.required("ownerPassword", command.ownerPasswordHash());
        Instant now = clock.instant();

        quotas.reserve(command.tenantId(), Meter.USERS, planLimits, ZoneId.of(initial.timezone()), now);
        credentials.userAdded(command.tenantId(), command.ownerUserId(), owner.email(), command.ownerPasswordHash());
        apply(new TenantCreated(command.tenantId(), businessName, command.businessType(), owner, command.plan(),
                planLimits, pricing, command.trialEndsAt(), command.subscriptionEndsAt(), initial, branding, now));
        apply(new TenantUserAdded(command.tenantId(), command.ownerUserId(),
                new UserProfile(owner.name(), owner.email()), Role.OWNER, Role.OWNER.defaultPermissions(), now));
    }

    @CommandHandler
    public void handle(ChangeTenantPlan command, PlanCatalog catalog, PricingCatalog prices, Clock clock) {
        TenantRules.canceledTenantIsFinal(status);
        PlanLimits newLimits = TenantRules.limitsFor(command.plan(), command.customLimits(), catalog);
        PlanPricing newPricing = TenantRules.pricingFor(command.plan(), newLimits, command.customPricing(), prices);
        TenantRules.planChangeMustChangeSomething(plan, limits, pricing, command.plan(), newLimits, newPricing);
        apply(new TenantPlanChanged(tenantId, plan, command.plan(), newLimits, newPricing, clock.instant()));
    }

    @CommandHandler
    public void handle(UpdateTenantConfiguration command, Clock clock) {
        TenantRules.canceledTenantIsFinal(status);
        TenantRules.required("configuration", command.patch());
        TenantConfiguration updated = TenantRules.validConfiguration(command.patch().applyTo(configuration));
        if (!updated.equals(configuration)) {
            apply(new TenantConfigurationUpdated(tenantId, updated, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(UpdateTenantBranding command, PlanFeatureCatalog features, Clock clock) {
        TenantRules.canceledTenantIsFinal(status);
        features.require(plan, Feature.CUSTOM_BRANDING);
        Branding branding = TenantRules.validBranding(TenantRules.required("branding", command.branding()));
        apply(new TenantBrandingUpdated(tenantId, branding, clock.instant()));
    }

    @CommandHandler
    public void handle(SuspendTenant command, Clock clock) {
        TenantRules.onlyActiveTenantCanBeSuspended(status);
        apply(new TenantSuspended(tenantId, TenantRules.validReason("reason", command.reason()), clock.instant()));
    }

    @CommandHandler
    public void handle(ReactivateTenant command, Clock clock) {
        TenantRules.onlySuspendedTenantCanBeReactivated(status);
        SubscriptionRules.endedTermIsRenewedNotReactivated(Optional.ofNullable(endedTerm));
        apply(new TenantReactivated(tenantId, clock.instant()));
    }

    /** Cancellation is final and starts the retention period, at whose end the tenant is offboarded. */
    @CommandHandler
    public void handle(CancelTenant command, RetentionPeriod retention, Clock clock) {
        TenantRules.canceledTenantIsFinal(status);
        String reason = TenantRules.validReason("reason", command.reason());
        Instant now = clock.instant();
        apply(new TenantCanceled(tenantId, reason, now, retention.startingAt(now)));
    }

    /** The retention deadline was reached: offboards the tenant once, and never before its retention period ends. */
    @CommandHandler
    public TermEndOutcome handle(EndRetention command, RetentionPeriod retention, Clock clock) {
        if (status == TenantStatus.OFFBOARDED) {
            return TermEndOutcome.ALREADY_ENDED;
        }
        if (status != TenantStatus.CANCELED) {
            return TermEndOutcome.STALE;
        }
        Instant now = clock.instant();
        Instant ends = retention.endOf(canceledAt, retentionEndsAt);
        if (!OffboardingRules.retentionHasEnded(ends, now)) {
            return TermEndOutcome.NOT_YET_DUE;
        }
        apply(new TenantOffboarded(tenantId, canceledAt, ends, now));
        return TermEndOutcome.ENDED;
    }

    /** An operator ends the retention period early: the tenant is offboarded now, with the operator's reason. */
    @CommandHandler
    public void handle(OffboardTenant command, Clock clock) {
        String reason = TenantRules.validReason("reason", command.reason());
        OffboardingRules.onlyCanceledTenantIsOffboarded(status);
        Instant now = clock.instant();
        apply(new TenantOffboarded(tenantId, canceledAt, now, now, reason));
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
        status = TenantStatus.ACTIVE;
        plan = event.plan();
        limits = event.limits();
        pricing = event.pricing();
        configuration = event.configuration();
        membership = new TenantMembership();
        trialEndsAt = event.trialEndsAt();
        subscriptionEndsAt = event.subscriptionEndsAt();
    }

    @EventSourcingHandler
    void on(TenantPlanChanged event) {
        plan = event.plan();
        limits = event.limits();
        pricing = event.pricing();
    }

    @EventSourcingHandler
    void on(TenantConfigurationUpdated event) {
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(TenantSuspended event) {
        status = TenantStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(TenantReactivated event) {
        status = TenantStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantCanceled event) {
        status = TenantStatus.CANCELED;
        canceledAt = event.canceledAt();
        retentionEndsAt = event.retentionEndsAt();
    }

    @EventSourcingHandler
    void on(TenantOffboarded event) {
        status = TenantStatus.OFFBOARDED;
    }

    /**
     * New dates replace both old ones. Dates that lie ahead renew a tenant whose term had ended (reactivating it if
     * that end had suspended it); a new end that has already passed takes effect at once.
     */
    @CommandHandler
    public void handle(ChangeTenantSubscription command, Clock clock) {
        TenantRules.canceledTenantIsFinal(status);
        TenantRules.trialEndsBeforeSubscription(command.trialEndsAt(), command.subscriptionEndsAt());
        if (Objects.equals(trialEndsAt, command.trialEndsAt())
                && Objects.equals(subscriptionEndsAt, command.subscriptionEndsAt())) {
            return;
        }
        Instant now = clock.instant();
        boolean reactivates = endedTerm != null && suspendedByTermEnd && status == TenantStatus.SUSPENDED;
        apply(new TenantSubscriptionChanged(tenantId, command.trialEndsAt(), command.subscriptionEndsAt(), now));
        if (endedTerm == null) {
            if (reactivates) {
                apply(new TenantReactivated(tenantId, now));
            } else {
                pendingEnd().filter(end -> end.isDue(now)).ifPresent(end -> endTerm(end, now));
            }
        }
    }

    /** A scheduled end was reached: ends the trial or subscription once, if it is still the pending end. */
    @CommandHandler
    public TermEndOutcome handle(EndTenantTerm command, Clock clock) {
        if (status == TenantStatus.CANCELED || status == TenantStatus.OFFBOARDED) {
            return TermEndOutcome.CANCELED;
        }
        if (!pendingEnd().equals(Optional.of(command.end()))) {
            return TermEndOutcome.STALE;
        }
        if (endedTerm != null) {
            return TermEndOutcome.ALREADY_ENDED;
        }
        Instant now = clock.instant();
        if (!command.end().isDue(now)) {
            return TermEndOutcome.NOT_YET_DUE;
        }
        endTerm(command.end(), now);
        return TermEndOutcome.ENDED;
    }

    /** The end's own event, then a suspension with a reason the tenant and operators see, if the tenant was active. */
    private void endTerm(TermEnd end, Instant now) {
        boolean suspends = status == TenantStatus.ACTIVE;
        if (end.kind() == TermEnd.Kind.TRIAL) {
            apply(new TenantTrialEnded(tenantId, end.at(), now));
        } else {
            apply(new TenantSubscriptionLapsed(tenantId, end.at(), now));
        }
        if (suspends) {
            apply(new TenantSuspended(tenantId, end.suspensionReason(), now));
        }
    }

    private Optional<TermEnd> pendingEnd() {
        return TermEnd.of(trialEndsAt, subscriptionEndsAt);
    }

    @EventSourcingHandler
    void on(TenantSubscriptionChanged event) {
        trialEndsAt = event.trialEndsAt();
        subscriptionEndsAt = event.subscriptionEndsAt();
        boolean accessLeft = pendingEnd().map(end -> !end.isDue(event.changedAt())).orElse(true);
        if (accessLeft) {
            endedTerm = null;
        }
    }

    @EventSourcingHandler
    void on(TenantTrialEnded event) {
        termEnded(new TermEnd(TermEnd.Kind.TRIAL, event.trialEndsAt()));
    }

    @EventSourcingHandler
    void on(TenantSubscriptionLapsed event) {
        termEnded(new TermEnd(TermEnd.Kind.SUBSCRIPTION, event.subscriptionEndsAt()));
    }

    /** Applied before the suspension it may cause, so the status still tells whether the end suspends the tenant. */
    private void termEnded(TermEnd end) {
        endedTerm = end;
        suspendedByTermEnd = status == TenantStatus.ACTIVE;
    }

    /** A new tenant's calling window follows its own time zone unless the operator set one for the window. */
    private static TenantConfiguration defaultsFollowingZone(ConfigurationPatch patch) {
        TenantConfiguration defaults = TenantDefaults.CONFIGURATION;
        if (patch.timezone() == null) {
            return defaults;
        }
        var tcpa = defaults.tcpa();
        return new TenantConfiguration(patch.timezone(), defaults.locale(), defaults.dateFormat(), defaults.ai(),
                defaults.calling(), new TenantConfiguration.TcpaConfig(tcpa.requireWrittenConsent(),
                tcpa.enableDNCCheck(), tcpa.callWindowStart(), tcpa.callWindowEnd(), patch.timezone()));
    }
}
