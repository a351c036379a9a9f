package com.nlre.tenancy.command.tenant;

/** What {@link TenantCommands.EndTenantTerm} did; every outcome but {@link #NOT_YET_DUE} settles the deadline. */
public enum TermEndOutcome {
    /** The trial or subscription ended: its event was applied (and a suspension, if the tenant was active). */
    ENDED,
    /** {@value SubscriptionRules#TERM_END_NOT_YET_DUE}: this instance's clock has not reached the end yet. */
    NOT_YET_DUE,
    /** {@value SubscriptionRules#STALE_TERM_END_IS_IGNORED}: the dates were changed since it was scheduled. */
    STALE,
    /** {@value SubscriptionRules#TERM_ENDS_ONCE}: this end was already applied (a repeated or concurrent delivery). */
    ALREADY_ENDED,
    /** {@value TenantRules#CANCELED_TENANT_IS_FINAL}: a canceled tenant's dates no longer matter. */
    CANCELED;

    /** Whether the deadline is settled and need not be tried again. */
    public boolean settlesDeadline() {
        return this != NOT_YET_DUE;
    }
}
