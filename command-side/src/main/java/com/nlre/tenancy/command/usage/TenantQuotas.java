package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * {@link Quotas} against each tenant's current limits (kept in {@code tenant_quota_settings} by this subscribing
 * processor) and the {@link QuotaLedger}. The stored calls limit is the hard one: the plan's allowance plus the
 * overage its pricing sells. A downgrade that leaves a tenant above a new limit deletes nothing: the
 * tenant simply cannot add more of that meter until it is back under the limit.
 */
@Component
@ProcessingGroup(TenantQuotas.PROCESSING_GROUP)
public class TenantQuotas implements Quotas {

    public static final String PROCESSING_GROUP = "tenant-quota-settings";

    private final JdbcTemplate jdbc;
    private final QuotaLedger ledger;

    public TenantQuotas(JdbcTemplate jdbc, QuotaLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    private record Settings(PlanLimits limits, ZoneId zone) {
    }

    @Override
    public void reserve(TenantId tenantId, Meter meter, Instant at) {
        Settings settings = settingsOf(tenantId);
        ledger.reserve(tenantId, meter, meter.limitIn(settings.limits()), at, settings.zone());
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
        ledger.release(tenantId, meter, at, settingsOf(tenantId).zone());
    }

    @EventHandler
    void on(TenantCreated event) {
        jdbc.update("delete from tenant_quota_settings where tenant_id = ?", event.tenantId().value());
        jdbc.update("insert into tenant_quota_settings (tenant_id, plan, max_leads, max_calls, max_users, timezone) "
                        + "values (?, ?, ?, ?, ?, ?)", event.tenantId().value(), event.plan().wireName(),
                event.limits().maxLeads(),
                Meter.CALLS.hardLimitIn(event.limits(), event.pricing()), users(event.limits()),
                event.configuration().timezone());
    }

    @EventHandler
    void on(TenantPlanChanged event) {
        jdbc.update("update tenant_quota_settings set plan = ?, max_leads = ?, max_calls = ?, max_users = ? "
                        + "where tenant_id = ?", event.plan().wireName(), event.limits().maxLeads(),
                Meter.CALLS.hardLimitIn(event.limits(), event.pricing()), users(event.limits()),
                event.tenantId().value());
    }

    @EventHandler
    void on(TenantConfigurationUpdated event) {
        jdbc.update("update tenant_quota_settings set timezone = ? where tenant_id = ?",
                event.configuration().timezone(), event.tenantId().value());
    }

    private Settings settingsOf(TenantId tenantId) {
        List<Settings> rows = jdbc.query("select * from tenant_quota_settings where tenant_id = ?",
                (row, index) -> new Settings(new PlanLimits(nullableLong(row.getObject("max_leads")),
                        nullableLong(row.getObject("max_calls")), null,
                        row.getObject("max_users") == null ? null : ((Number) row.getObject("max_users")).intValue(),
                        null), ZoneId.of(row.getString("timezone"))),
                tenantId.value());
        if (rows.isEmpty()) {
            throw new IllegalStateException("no quota settings for tenant " + tenantId);
        }
        return rows.get(0);
    }

    private static Long users(PlanLimits limits) {
        return limits.maxUsers() == null ? null : limits.maxUsers().longValue();
    }

    private static Long nullableLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
