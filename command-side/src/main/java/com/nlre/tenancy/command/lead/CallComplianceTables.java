package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Keeps {@code tenant_call_settings} and {@code tenant_dnc} in step with the events, in the same transaction (a
 * subscribing processor), and answers the compliance questions a call raises. Every query names its tenant.
 */
@Component
@ProcessingGroup(CallComplianceTables.PROCESSING_GROUP)
public class CallComplianceTables implements CallComplianceContext {

    public static final String PROCESSING_GROUP = "call-compliance-tables";

    private final JdbcTemplate jdbc;

    public CallComplianceTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantCreated event) {
        write(event.tenantId(), event.plan(), event.configuration());
    }

    @EventHandler
    void on(TenantConfigurationUpdated event) {
        Plan plan = Plan.fromWireName(jdbc.queryForObject("select plan from tenant_call_settings where tenant_id = ?",
                String.class, event.tenantId().value()));
        write(event.tenantId(), plan, event.configuration());
    }

    @EventHandler
    void on(TenantPlanChanged event) {
        jdbc.update("update tenant_call_settings set plan = ? where tenant_id = ?", event.plan().wireName(),
                event.tenantId().value());
    }

    @EventHandler
    void on(DoNotCallNumberAdded event) {
        jdbc.update("delete from tenant_dnc where tenant_id = ? and phone = ?", event.tenantId().value(), event.phone());
        jdbc.update("insert into tenant_dnc (tenant_id, phone) values (?, ?)", event.tenantId().value(), event.phone());
    }

    @EventHandler
    void on(DoNotCallNumberRemoved event) {
        jdbc.update("delete from tenant_dnc where tenant_id = ? and phone = ?", event.tenantId().value(), event.phone());
    }

    /** Recording needs both a plan with call recording (every plan but free) and the tenant's own switch. */
    @Override
    public TcpaSettings settingsOf(TenantId tenantId) {
        List<TcpaSettings> rows = jdbc.query("select * from tenant_call_settings where tenant_id = ?",
                (row, index) -> new TcpaSettings(
                        row.getBoolean("require_written_consent"),
                        row.getBoolean("enable_dnc_check"),
                        LocalTime.parse(row.getString("call_window_start")),
                        LocalTime.parse(row.getString("call_window_end")),
                        ZoneId.of(row.getString("call_window_zone")),
                        row.getInt("max_call_duration"),
                        row.getBoolean("recording_enabled")
                                && Plan.fromWireName(row.getString("plan")) != Plan.FREE),
                tenantId.value());
        if (rows.isEmpty()) {
            throw new IllegalStateException("no call settings for tenant " + tenantId);
        }
        return rows.get(0);
    }

    @Override
    public boolean onTenantDoNotCallList(TenantId tenantId, String e164) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select count(*) > 0 from tenant_dnc where tenant_id = ? and phone = ?", Boolean.class,
                tenantId.value(), e164));
    }

    @Override
    public boolean onPlatformDoNotCallList(String e164) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from platform_dnc where phone = ?",
                Boolean.class, e164));
    }

    private void write(TenantId tenantId, Plan plan, TenantConfiguration configuration) {
        TenantConfiguration.TcpaConfig tcpa = configuration.tcpa();
        jdbc.update("delete from tenant_call_settings where tenant_id = ?", tenantId.value());
        jdbc.update("insert into tenant_call_settings (tenant_id, plan, require_written_consent, enable_dnc_check, "
                        + "call_window_start, call_window_end, call_window_zone, max_call_duration, recording_enabled) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenantId.value(), plan.wireName(), tcpa.requireWrittenConsent(), tcpa.enableDNCCheck(),
                tcpa.callWindowStart().toString(), tcpa.callWindowEnd().toString(), tcpa.callWindowTimezone(),
                configuration.calling().maxCallDuration(), configuration.calling().enableRecording());
    }
}
