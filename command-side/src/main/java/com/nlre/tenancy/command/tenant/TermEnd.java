package com.nlre.tenancy.command.tenant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a tenant's access ends, derived from its trial and subscription dates: a paid subscription that runs past the
 * trial ends at {@code subscriptionEndsAt}; otherwise a trial ends at {@code trialEndsAt}; a tenant with neither date
 * runs without an end (e.g. billed by contract). At most one end is pending per tenant; once the tenant is canceled
 * that is its {@link Kind#RETENTION retention} end.
 *
 * <p>An end is kept to the microsecond, the precision its deadline is stored with, so the end scheduled from a date
 * and the end read back from the deadline table are equal.
 */
public record TermEnd(Kind kind, Instant at) {

    public enum Kind {
        /** The trial ends with no paid subscription running past it. */
        TRIAL,
        /** The paid subscription ends. */
        SUBSCRIPTION,
        /**
         * A canceled tenant's retention period ends: the tenant is offboarded. Never derived from trial and
         * subscription dates ({@link #of}); scheduled by the cancellation, in place of the term end it makes moot.
         */
        RETENTION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWireName(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public TermEnd {
        if (kind == null || at == null) {
            throw new IllegalArgumentException("a term end needs a kind and an instant");
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The end a tenant with these dates is heading for; empty when it has no end. */
    public static Optional<TermEnd> of(Instant trialEndsAt, Instant subscriptionEndsAt) {
        if (subscriptionEndsAt != null && (trialEndsAt == null || subscriptionEndsAt.isAfter(trialEndsAt))) {
            return Optional.of(new TermEnd(Kind.SUBSCRIPTION, subscriptionEndsAt));
        }
        return Optional.ofNullable(trialEndsAt).map(at -> new TermEnd(Kind.TRIAL, at));
    }

    /** Whether the end has been reached at {@code now} (the end instant itself included). */
    public boolean isDue(Instant now) {
        return !now.isBefore(at);
    }

    /** The suspension reason the tenant and the operators see. */
    String suspensionReason() {
        return kind == Kind.TRIAL
                ? "The trial ended at " + at + " without a paid subscription; new subscription dates reactivate the tenant."
                : "The subscription ended at " + at + "; renewing it reactivates the tenant.";
    }
}
