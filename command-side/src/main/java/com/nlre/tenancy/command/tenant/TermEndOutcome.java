package com.nlre.tenancy.command.tenant;

/**
 * What {@link TenantCommands.EndTenantTerm} or {@link TenantCommands.EndRetention} did; every outcome but
 * {@link #NOT_YET_DUE} settles the deadline.
 */
public enum TermEndOutcome {
    /**
     * The trial or subscription ended: its event was applied (and a suspension, if the tenant was active); or the
     * retention period ended and the tenant was offboarded.
     */
    ENDED,
    /**
     * {@value SubscriptionRules#TERM_END_NOT_YET_DUE} / {@value OffboardingRules#RETENTION_END_NOT_YET_DUE}: this
     * instance's clock has not reached the end yet.
     */
    NOT_YET_DUE,
    /**
     * {@value SubscriptionRules#STALE_TERM_END_IS_IGNORED}: the dates were changed since it was scheduled; for a
     * retention end, {@value OffboardingRules#ONLY_CANCELED_TENANT_IS_OFFBOARDED} (never the case: cancellation is
     * final).
     */
    STALE,
    /**
     * {@value SubscriptionRules#TERM_ENDS_ONCE} / {@value OffboardingRules#TENANT_IS_OFFBOARDED_ONCE}: this end was
     * already applied (a repeated or concurrent delivery, or an operator offboarded the tenant early).
     */
    ALREADY_ENDED,
    /** {@value TenantRules#CANCELED_TENANT_IS_FINAL}: a canceled tenant's dates no longer matter. */
    CANCELED;

    /** Whether the deadline is settled and need not be tried again. */
    public boolean settlesDeadline() {
        return this != NOT_YET_DUE;
    }
}
