package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;

import java.util.Optional;

/**
 * The named rules of trials and subscriptions. A tenant heads for at most one {@link TermEnd}; when it is reached the
 * tenant is suspended (reads only) until an operator sets dates that lie ahead. Dates are the operator's to change
 * ({@link TenantRules#TRIAL_ENDS_BEFORE_SUBSCRIPTION}, {@link TenantRules#CANCELED_TENANT_IS_FINAL} apply).
 */
final class SubscriptionRules {

    /** A deadline fires only if its end is still the tenant's pending end: changed dates leave old deadlines stale. */
    static final String STALE_TERM_END_IS_IGNORED = "STALE_TERM_END_IS_IGNORED";
    /** An end takes effect once, however often its deadline is delivered (retries, several instances). */
    static final String TERM_ENDS_ONCE = "TERM_ENDS_ONCE";
    /** An end never takes effect before its instant by the deciding instance's clock; the deadline is kept. */
    static final String TERM_END_NOT_YET_DUE = "TERM_END_NOT_YET_DUE";
    /**
     * A tenant whose trial or subscription has ended is brought back by new dates, not by a bare reactivation: an
     * active tenant always has access time left.
     */
    static final String ENDED_TERM_IS_RENEWED_NOT_REACTIVATED = "ENDED_TERM_IS_RENEWED_NOT_REACTIVATED";

    private SubscriptionRules() {
    }

    static void endedTermIsRenewedNotReactivated(Optional<TermEnd> endedTerm) {
        endedTerm.ifPresent(end -> {
            throw new BusinessRuleViolation(ENDED_TERM_IS_RENEWED_NOT_REACTIVATED, "The tenant's "
                    + end.kind().wireName() + " ended at " + end.at() + "; set new dates with "
                    + "PUT /api/v1/tenants/{tenantId}/subscription to reactivate it.");
        });
    }
}
