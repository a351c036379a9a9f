package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/** Quotas for aggregate fixture tests: counts units per meter and refuses past an optional per-meter limit. */
public final class CountingQuotas implements Quotas {

    private final Map<Meter, Long> used = new EnumMap<>(Meter.class);
    private final Map<Meter, Long> limits = new EnumMap<>(Meter.class);
    private Plan plan = Plan.PROFESSIONAL;

    public CountingQuotas limit(Meter meter, long limit) {
        limits.put(meter, limit);
        return this;
    }

    public long used(Meter meter) {
        return used.getOrDefault(meter, 0L);
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, Instant at) {
        reserve(tenantId, meter, 1, at);
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, long amount, Instant at) {
        long now = used(meter);
        Long limit = limits.get(meter);
        if (limit != null && now + amount > limit) {
            throw new QuotaExceeded(meter, limit, now, amount, null);
        }
        used.put(meter, now + amount);
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, PlanLimits planLimits, ZoneId zone, Instant at) {
        reserve(tenantId, meter, at);
    }

    @Override
    public Plan planOf(TenantId tenantId) {
        return plan;
    }

    /** The plan {@link #planOf} answers; professional unless a test says otherwise. */
    public CountingQuotas plan(Plan plan) {
        this.plan = plan;
        return this;
    }

    @Override
    public void release(TenantId tenantId, Meter meter, Instant at) {
        release(tenantId, meter, 1, at);
    }

    @Override
    public void release(TenantId tenantId, Meter meter, long amount, Instant at) {
        used.put(meter, Math.max(0, used(meter) - amount));
    }
}
