package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** What a tenant sees of its own subscription: its plan, its status and why, and when its trial or subscription ends. */
@Schema(name = "Subscription")
public record SubscriptionView(
        String tenantId,
        Plan plan,
        @Schema(description = "active; suspended: data can be read and exported but not changed; canceled: until "
                + "retentionEndsAt only this and the GDPR export routes answer") TenantStatus status,
        @Schema(description = "Why the tenant is suspended (e.g. that its trial or subscription ended); null while "
                + "active") String statusReason,
        @Schema(description = "When the current suspension began; null unless suspended") Instant suspendedAt,
        @Schema(description = "When the trial ends; with no subscription running past it the tenant is suspended "
                + "then. Null: no trial") Instant trialEndsAt,
        @Schema(description = "When the paid subscription ends; the tenant is suspended then unless it is renewed. "
                + "Null: none (with no trial either, no end date)") Instant subscriptionEndsAt,
        @Schema(description = "Canceled tenants: when the retention period ends and the tenant's data is deleted; "
                + "export it before then. Null unless canceled") Instant retentionEndsAt,
        @Schema(description = "Sequence number of the last change applied; compare with a consistency token")
        long version) {

    static SubscriptionView of(TenantView tenant) {
        return new SubscriptionView(tenant.tenantId(), tenant.plan(), tenant.status(), tenant.statusReason(),
                tenant.suspendedAt(), tenant.trialEndsAt(), tenant.subscriptionEndsAt(), tenant.retentionEndsAt(),
                tenant.version());
    }
}
