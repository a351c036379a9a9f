package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Quotas} against each tenant's current limits (kept in {@code tenant_quota_settings} by this subscribing
 * processor) and the {@link QuotaLedger}. Each stored limit is the hard one: the plan's allowance plus the overage its
 * pricing sells (only calls have overage today); storage is stored in bytes. A downgrade that leaves a tenant above a
 * new limit deletes nothing: the tenant simply cannot add more of that meter until it is back under the limit.
 */
@Component
@ProcessingGroup(TenantQuotas.PROCESSING_GROUP)
public class TenantQuotas implements Quotas {

    public static final String PROCESSING_GROUP = "tenant-quota-settings";

    /** The column of {@code tenant_quota_settings} that holds each meter's hard limit (null: unlimited). */
    private static final Map<Meter, String> LIMIT_COLUMNS = new EnumMap<>(Map.of(
            Meter.LEADS, "max_leads",
            Meter.CALLS, "max_calls",
            Meter.USERS, "max_users",
            Meter.AGENTS, "max_agents",
            Meter.STORAGE, "max_storage_bytes"));

    private final JdbcTemplate jdbc;
    private final QuotaLedger ledger;

    public TenantQuotas(JdbcTemplate jdbc, QuotaLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    private record Settings(Map<Meter, Long> limits, ZoneId zone) {

        Long limitOf(Meter meter) {
            return limits.get(meter);
        }
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, Instant at) {
        reserve(tenantId, meter, 1, at);
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, long amount, Instant at) {
        Settings settings = settingsOf(tenantId);
        ledger.reserve(tenantId, meter, amount, settings.limitOf(meter), at, settings.zone());
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, PlanLimits limits, ZoneId zone, Instant at) {
        ledger.reserve(tenantId, meter, meter.limitIn(limits), at, zone);
    }

    @Override
    public Plan planOf(TenantId tenantId) {
        List<String> plans = jdbc.queryForList("select plan from tenant_quota_settings where tenant_id = ?",
                String.class, tenantId.value());
        if (plans.isEmpty()) {
            throw new IllegalStateException("no quota settings for tenant " + tenantId);
        }
        return Plan.fromWireName(plans.get(0));
    }

    @Override
    public void release(TenantId tenantId, Meter meter, Instant at) {
        release(tenantId, meter, 1, at);
    }

    @Override
    public void release(TenantId tenantId, Meter meter, long amount, Instant at) {
        ledger.release(tenantId, meter, amount, at, settingsOf(tenantId).zone());
    }

    @EventHandler
    void on(TenantCreated event) {
        Map<Meter, Long> limits = hardLimits(event.limits(), event.pricing());
        jdbc.update("delete from tenant_quota_settings where tenant_id = ?", event.tenantId().value());
        jdbc.update("insert into tenant_quota_settings (tenant_id, plan, max_leads, max_calls, max_users, max_agents, "
                        + "max_storage_bytes, timezone) values (?, ?, ?, ?, ?, ?, ?, ?)", event.tenantId().value(),
                event.plan().wireName(), limits.get(Meter.LEADS), limits.get(Meter.CALLS), limits.get(Meter.USERS),
                limits.get(Meter.AGENTS), limits.get(Meter.STORAGE), event.configuration().timezone());
    }

    @EventHandler
    void on(TenantPlanChanged event) {
        Map<Meter, Long> limits = hardLimits(event.limits(), event.pricing());
        jdbc.update("update tenant_quota_settings set plan = ?, max_leads = ?, max_calls = ?, max_users = ?, "
                        + "max_agents = ?, max_storage_bytes = ? where tenant_id = ?", event.plan().wireName(),
                limits.get(Meter.LEADS), limits.get(Meter.CALLS), limits.get(Meter.USERS), limits.get(Meter.AGENTS),
                limits.get(Meter.STORAGE), event.tenantId().value());
    }

    @EventHandler
    void on(TenantConfigurationUpdated event) {
        jdbc.update("update tenant_quota_settings set timezone = ? where tenant_id = ?",
                event.configuration().timezone(), event.tenantId().value());
    }

    /** Every meter's hard limit under the plan's limits and pricing; a missing key is unlimited. */
    private static Map<Meter, Long> hardLimits(PlanLimits limits, PlanPricing pricing) {
        Map<Meter, Long> hard = new EnumMap<>(Meter.class);
        for (Meter meter : Meter.values()) {
            Long limit = meter.hardLimitIn(limits, pricing);
            if (limit != null) {
                hard.put(meter, limit);
            }
        }
        return hard;
    }

    private Settings settingsOf(TenantId tenantId) {
        List<Settings> rows = jdbc.query("select * from tenant_quota_settings where tenant_id = ?",
                (row, index) -> new Settings(limitsIn(row), ZoneId.of(row.getString("timezone"))), tenantId.value());
        if (rows.isEmpty()) {
            throw new IllegalStateException("no quota settings for tenant " + tenantId);
        }
        return rows.get(0);
    }

    private static Map<Meter, Long> limitsIn(ResultSet row) throws SQLException {
        Map<Meter, Long> limits = new EnumMap<>(Meter.class);
        for (Map.Entry<Meter, String> column : LIMIT_COLUMNS.entrySet()) {
            if (row.getObject(column.getValue()) instanceof Number limit) {
                limits.put(column.getKey(), limit.longValue());
            }
        }
        return limits;
    }
}
