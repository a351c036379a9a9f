package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A tenant's billing terms over time, rebuilt from its own tenant events in their aggregate order: when it started,
 * which plan (limits, prices) and which time zone held from when, and when it was canceled. The same events give the
 * same terms however often and in whatever batches they were delivered.
 */
public record BillingTerms(List<Change> changes) {

    /**
     * One tenant event's effect on billing; null fields did not change.
     *
     * @param sequence the event's place in the tenant aggregate's stream: orders changes at the same instant
     */
    public record Change(long sequence, Instant at, @Nullable Plan plan, @Nullable PlanLimits limits,
                         @Nullable PlanPricing pricing, @Nullable ZoneId zone, boolean ends) {
    }

    /** A stretch of a billing period on one plan. */
    public record Segment(Instant from, Instant to, Plan plan, PlanLimits limits, PlanPricing pricing) {
    }

    public BillingTerms {
        changes = changes.stream().sorted(Comparator.comparingLong(Change::sequence)).toList();
    }

    public boolean known() {
        return !changes.isEmpty();
    }

    /** When the tenant was created. */
    public Instant startedAt() {
        return changes.get(0).at();
    }

    /** When the tenant was canceled, if it was. */
    @Nullable
    public Instant endedAt() {
        return changes.stream().filter(Change::ends).map(Change::at).findFirst().orElse(null);
    }

    /** The prices of the tenant's plan now; null before the tenant is known. */
    @Nullable
    public PlanPricing currentPricing() {
        PlanPricing pricing = null;
        for (Change change : changes) {
            if (change.pricing() != null) {
                pricing = change.pricing();
            }
        }
        return pricing;
    }

    /** The time zone in force at {@code at} (the first one before the tenant existed). */
    public ZoneId zoneAt(Instant at) {
        ZoneId zone = null;
        for (Change change : changes) {
            if (change.zone() != null && (zone == null || !change.at().isAfter(at))) {
                zone = change.zone();
            }
        }
        return zone;
    }

    /** Billing months are cut in the tenant's zone as it stood when the month began. */
    public Instant periodStart(YearMonth period) {
        ZoneId zone = zoneAt(period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return period.atDay(1).atStartOfDay(zone).toInstant();
    }

    public Instant periodEnd(YearMonth period) {
        return periodStart(period.plusMonths(1));
    }

    /** The billing month holding {@code at}. */
    public YearMonth periodOf(Instant at) {
        return YearMonth.from(at.atZone(zoneAt(at)));
    }

    /**
     * The plans the tenant held within [{@code from}, {@code to}), cut where its plan changed and clipped to its life
     * (created, canceled).
     */
    public List<Segment> segments(Instant from, Instant to) {
        List<Segment> segments = new ArrayList<>();
        Instant end = endedAt() != null && endedAt().isBefore(to) ? endedAt() : to;
        Change current = null;
        for (Change change : changes) {
            if (change.plan() == null) {
                continue;
            }
            if (current != null) {
                add(segments, current, max(current.at(), from), min(change.at(), end));
            }
            current = change;
        }
        if (current != null) {
            add(segments, current, max(current.at(), from), end);
        }
        return segments;
    }

    private static void add(List<Segment> segments, Change plan, Instant from, Instant to) {
        if (from.isBefore(to)) {
            segments.add(new Segment(from, to, plan.plan(), plan.limits(), plan.pricing()));
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
