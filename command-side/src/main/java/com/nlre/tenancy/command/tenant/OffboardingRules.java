package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.events.tenant.TenantStatus;

import java.time.Instant;

/**
 * The named rules of offboarding. Cancellation starts a retention period ({@link RetentionPeriod}); when it ends the
 * tenant is offboarded: its data is let go and only the record that it existed remains.
 */
final class OffboardingRules {

    /** Only a canceled tenant is offboarded: an active or suspended one still has its data in use. */
    static final String ONLY_CANCELED_TENANT_IS_OFFBOARDED = "ONLY_CANCELED_TENANT_IS_OFFBOARDED";
    /** The retention period's end offboards the tenant, never earlier (by the deciding instance's clock). */
    static final String RETENTION_END_NOT_YET_DUE = "RETENTION_END_NOT_YET_DUE";
    /** A tenant is offboarded once, however often its deadline is delivered or an operator asks. */
    static final String TENANT_IS_OFFBOARDED_ONCE = "TENANT_IS_OFFBOARDED_ONCE";

    private OffboardingRules() {
    }

    /** For an operator ending the retention period early. */
    static void onlyCanceledTenantIsOffboarded(TenantStatus status) {
        if (status == TenantStatus.OFFBOARDED) {
            throw new BusinessRuleViolation(TENANT_IS_OFFBOARDED_ONCE, "The tenant is already offboarded.");
        }
        if (status != TenantStatus.CANCELED) {
            throw new BusinessRuleViolation(ONLY_CANCELED_TENANT_IS_OFFBOARDED, "The tenant is "
                    + status.wireName() + "; only a canceled tenant is offboarded (cancel it first).");
        }
    }

    static boolean retentionHasEnded(Instant retentionEndsAt, Instant now) {
        return !now.isBefore(retentionEndsAt);
    }
}
