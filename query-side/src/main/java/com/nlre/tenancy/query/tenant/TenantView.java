package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A tenant as platform operators see it. An offboarded tenant shows only its id, plan, status and dates: its business
 * name, owner, configuration and branding were deleted with its other data.
 */
@Schema(name = "Tenant")
public record TenantView(
        String tenantId,
        String businessName,
        BusinessType businessType,
        OwnerContact owner,
        Plan plan,
        @Schema(description = "The plan's limits; a null limit is unlimited") PlanLimits limits,
        TenantStatus status,
        @Schema(description = "Why the tenant is suspended, canceled or offboarded early (e.g. that its trial or "
                + "subscription ended); null while active, and for a tenant offboarded when its retention period ended")
        String statusReason,
        @Schema(description = "When the trial ends; with no subscription running past it the tenant is suspended "
                + "then. Null: no trial") Instant trialEndsAt,
        @Schema(description = "When the paid subscription ends; the tenant is suspended then unless renewed. Null: "
                + "none (with no trial either, no end date)") Instant subscriptionEndsAt,
        TenantConfiguration configuration,
        Branding branding,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "When the current suspension began; null unless suspended") Instant suspendedAt,
        Instant canceledAt,
        @Schema(description = "When a canceled tenant's retention period ends (or ended): until then it may export "
                + "its data, then it is offboarded. Null unless canceled") Instant retentionEndsAt,
        @Schema(description = "When the tenant was offboarded: its data deleted, its personal data in events made "
                + "unreadable. Null unless offboarded") Instant offboardedAt,
        @Schema(description = "Sequence number of the last change applied; compare with a consistency token")
        long version) {
}
