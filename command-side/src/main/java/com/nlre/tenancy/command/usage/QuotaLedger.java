package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Hard quotas as atomic reservations on the write side's database. A reservation must run inside the transaction
 * that appends the command's events (a command handler's unit of work): the conditional UPDATE locks the tenant's
 * counter row, so concurrent commands are serialised on it and never overshoot; a command that fails afterwards rolls
 * the reservation back with its events, so no slot is lost. Every statement names its tenant.
 */
@Component
public class QuotaLedger {

    private final JdbcTemplate jdbc;

    public QuotaLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes one unit of {@code meter}, or throws {@link QuotaExceeded} when {@code limit} is reached.
     *
     * @param limit null for unlimited: the unit is still counted
     * @param zone  the tenant's time zone, which bounds billing months
     */
    public void reserve(TenantId tenantId, Meter meter, Long limit, Instant at, ZoneId zone) {
        reserve(tenantId, meter, 1, limit, at, zone);
    }

    /**
     * Takes {@code amount} units of {@code meter} at once (e.g. the bytes of a recording), or none and throws
     * {@link QuotaExceeded} when they would take the meter past {@code limit}. One conditional statement,
     * {@code used + amount <= limit}, decides: there is no window between the check and the count.
     *
     * @param amount 1 or more
     * @param limit  null for unlimited: the units are still counted
     */
    public void reserve(TenantId tenantId, Meter meter, long amount, Long limit, Instant at, ZoneId zone) {
        if (amount < 1) {
            throw new IllegalArgumentException("a reservation takes at least one unit");
        }
        String period = meter.periodAt(at, zone);
        jdbc.update("insert into quota_counters (tenant_id, meter, period, used) values (?, ?, ?, 0) "
                + "on conflict do nothing", tenantId.value(), meter.wireName(), period);
        int reserved = limit == null
                ? jdbc.update("update quota_counters set used = used + ? "
                + "where tenant_id = ? and meter = ? and period = ?",
                amount, tenantId.value(), meter.wireName(), period)
                : jdbc.update("update quota_counters set used = used + ? "
                + "where tenant_id = ? and meter = ? and period = ? and used + ? <= ?",
                amount, tenantId.value(), meter.wireName(), period, amount, limit);
        if (reserved == 0) {
            throw new QuotaExceeded(meter, limit, used(tenantId, meter, at, zone), amount,
                    meter.resetsAfter(at, zone));
        }
    }

    /** Gives one unit of a standing meter back (a lead deleted, a user removed). Never below zero. */
    public void release(TenantId tenantId, Meter meter, Instant at, ZoneId zone) {
        release(tenantId, meter, 1, at, zone);
    }

    /** Gives {@code amount} units of a standing meter back (e.g. the bytes of a deleted lead's recordings). */
    public void release(TenantId tenantId, Meter meter, long amount, Instant at, ZoneId zone) {
        jdbc.update("update quota_counters set used = case when used > ? then used - ? else 0 end "
                        + "where tenant_id = ? and meter = ? and period = ?", amount, amount, tenantId.value(),
                meter.wireName(), meter.periodAt(at, zone));
    }

    public long used(TenantId tenantId, Meter meter, Instant at, ZoneId zone) {
        List<Long> used = jdbc.queryForList("select used from quota_counters where tenant_id = ? and meter = ? "
                + "and period = ?", Long.class, tenantId.value(), meter.wireName(), meter.periodAt(at, zone));
        return used.isEmpty() ? 0 : used.get(0);
    }
}
