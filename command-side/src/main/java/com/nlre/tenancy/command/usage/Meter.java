package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * What a plan limits. Standing meters (leads held, users, AI agents, storage) count what exists now; periodic meters
 * (calls) count per billing month, whose boundaries are midnight on the first in the tenant's own time zone. Every
 * meter counts items except {@link #STORAGE}, which counts the bytes of call recordings held; its limit is the plan's
 * {@code storageGb} in GiB (2^30 bytes each).
 */
public enum Meter {
    LEADS(false),
    USERS(false),
    CALLS(true),
    AGENTS(false),
    STORAGE(false);

    /** Bytes in one GB of a plan's storage limit (binary: a GiB). */
    public static final long BYTES_PER_GB = 1L << 30;

    /** The period key of standing meters. */
    static final String STANDING = "standing";

    private final boolean periodic;

    Meter(boolean periodic) {
        this.periodic = periodic;
    }

    public boolean periodic() {
        return periodic;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The limit this meter has under {@code limits}; null is unlimited. */
    public Long limitIn(PlanLimits limits) {
        return switch (this) {
            case LEADS -> limits.maxLeads();
            case USERS -> limits.maxUsers() == null ? null : limits.maxUsers().longValue();
            case CALLS -> limits.maxCalls();
            case AGENTS -> limits.maxAgents() == null ? null : limits.maxAgents().longValue();
            case STORAGE -> limits.storageGb() == null ? null : limits.storageGb() * BYTES_PER_GB;
        };
    }

    /** An amount of this meter as a person reads it, e.g. {@code 3 agents} or {@code 1024 bytes of storage}. */
    String describe(long amount) {
        return this == STORAGE ? amount + " bytes of storage" : amount + " " + wireName();
    }

    /**
     * The most of this meter the tenant may use: the plan's limit plus the units the pricing sells beyond it (overage
     * is billed per unit, then the meter stops hard). Null is unlimited.
     */
    public Long hardLimitIn(PlanLimits limits, PlanPricing pricing) {
        Long limit = limitIn(limits);
        if (limit == null || pricing == null) {
            return limit;
        }
        return pricing.overageOf(wireName()).map(rate -> limit + rate.maxUnits()).orElse(limit);
    }

    String periodAt(Instant at, ZoneId zone) {
        return periodic ? YearMonth.from(at.atZone(zone)).toString() : STANDING;
    }

    /** When the period holding {@code at} ends (the counter resets); null for standing meters. */
    Instant resetsAfter(Instant at, ZoneId zone) {
        if (!periodic) {
            return null;
        }
        ZonedDateTime local = at.atZone(zone);
        return YearMonth.from(local).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }
}
