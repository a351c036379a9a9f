package com.nlre.tenancy.command.history;

import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A tenant's state as of an instant, replayed from its own events only ({@link TenantReplay}).
 *
 * @param position       the global position of the last event replayed
 * @param eventsReplayed how many of the tenant's events were folded
 */
public record TenantStateAt(String tenantId, Instant at, Long position, long eventsReplayed, TenantView tenant,
                            List<UserView> users, List<LeadView> leads, CallCounts calls, Usage usage) {

    public record TenantView(String businessName, BusinessType businessType, TenantStatus status, String statusReason,
                             Plan plan, PlanLimits limits, TenantConfiguration configuration, Branding branding,
                             Instant trialEndsAt, Instant subscriptionEndsAt, Instant createdAt) {
    }

    /** A user who was a member at the instant (removed users are left out). */
    public record UserView(String userId, Role role, Set<Permission> permissions, boolean active, boolean mfaEnabled,
                           Instant addedAt) {
    }

    /** A lead the tenant held at the instant (deleted leads are left out). */
    public record LeadView(String leadId, LeadStatus status, String assigneeUserId, Set<String> tags,
                           List<ConsentView> consents, CallCounts calls, Instant addedAt) {
    }

    /** Consent to call one number: {@code granted} false once revoked. */
    public record ConsentView(String phone, boolean granted, Instant since) {
    }

    /** Calls logged, and calls refused by a compliance rule (recorded as evidence). */
    public record CallCounts(long logged, long blocked) {
    }

    /**
     * What the quotas counted at the instant: leads, users and AI agents held, recording bytes stored, and calls
     * started in the billing month ({@code period}, calendar month in the tenant's time zone) that holds the instant.
     */
    public record Usage(String period, long leads, long users, long agents, long storageBytes, long calls) {
    }
}
