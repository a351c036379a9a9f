package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.tenant.TenantDefaults;
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
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Keeps {@code tenant_call_settings} and {@code tenant_dnc} in step with the events and answers the compliance
 * questions a call raises. Like the tenant directory it is a subscribing processor ({@value #PROCESSING_GROUP}) whose
 * failures fail the command (see {@link CallComplianceConfiguration}): each change is written in the same transaction
 * as the events that cause it, so a call is never decided on settings older than the last accepted change. Every
 * query names its tenant.
 *
 * <p>Tenants created before these tables existed have no settings row. A call for such a tenant is decided with the
 * platform defaults (written consent required, do-not-call lists checked, 09:00–20:00 America/New_York, 30 minutes,
 * no recording): the strictest answer, never a failure. Their first configuration or plan change writes the row, from
 * the tenant's own history in the event store.
 */
@Component
@ProcessingGroup(CallComplianceTables.PROCESSING_GROUP)
public class CallComplianceTables implements CallComplianceContext {

    public static final String PROCESSING_GROUP = "call-compliance-tables";

    private final JdbcTemplate jdbc;
    private final ObjectProvider<EventStore> eventStore;

    public CallComplianceTables(JdbcTemplate jdbc, ObjectProvider<EventStore> eventStore) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(TenantCreated event) {
        write(event.tenantId(), event.plan(), event.configuration());
    }

    @EventHandler
    void on(TenantConfigurationUpdated event) {
        Plan plan = storedPlan(event.tenantId()).orElseGet(() -> history(event.tenantId()).plan());
        write(event.tenantId(), plan, event.configuration());
    }

    @EventHandler
    void on(TenantPlanChanged event) {
        int updated = jdbc.update("update tenant_call_settings set plan = ? where tenant_id = ?",
                event.plan().wireName(), event.tenantId().value());
        if (updated == 0) {
            write(event.tenantId(), event.plan(), history(event.tenantId()).configuration());
        }
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
                        recordingAllowed(Plan.fromWireName(row.getString("plan")),
                                row.getBoolean("recording_enabled"))),
                tenantId.value());
        return rows.isEmpty() ? settingsFrom(null, TenantDefaults.CONFIGURATION) : rows.get(0);
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

    /**
     * Calls may be recorded only when the plan includes call recording (every plan but free) and the tenant turned
     * recording on ({@code calling.enableRecording}). An unknown plan includes nothing.
     */
    static boolean recordingAllowed(Plan plan, boolean enabledByTenant) {
        return plan != null && plan != Plan.FREE && enabledByTenant;
    }

    static TcpaSettings settingsFrom(Plan plan, TenantConfiguration configuration) {
        TenantConfiguration.TcpaConfig tcpa = configuration.tcpa();
        return new TcpaSettings(tcpa.requireWrittenConsent(), tcpa.enableDNCCheck(), tcpa.callWindowStart(),
                tcpa.callWindowEnd(), ZoneId.of(tcpa.callWindowTimezone()), configuration.calling().maxCallDuration(),
                recordingAllowed(plan, configuration.calling().enableRecording()));
    }

    private Optional<Plan> storedPlan(TenantId tenantId) {
        return jdbc.queryForList("select plan from tenant_call_settings where tenant_id = ?", String.class,
                tenantId.value()).stream().findFirst().map(Plan::fromWireName);
    }

    private record TenantState(Plan plan, TenantConfiguration configuration) {
    }

    /** The tenant's plan and configuration as its own event stream (the Tenant aggregate's) has them. */
    private TenantState history(TenantId tenantId) {
        Plan plan = null;
        TenantConfiguration configuration = TenantDefaults.CONFIGURATION;
        DomainEventStream stream = eventStore.getObject().readEvents(tenantId.value());
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof TenantCreated created) {
                plan = created.plan();
                configuration = created.configuration();
            } else if (payload instanceof TenantConfigurationUpdated updated) {
                configuration = updated.configuration();
            } else if (payload instanceof TenantPlanChanged changed) {
                plan = changed.plan();
            }
        }
        return new TenantState(plan, configuration);
    }

    private void write(TenantId tenantId, Plan plan, TenantConfiguration configuration) {
        TenantConfiguration.TcpaConfig tcpa = configuration.tcpa();
        jdbc.update("delete from tenant_call_settings where tenant_id = ?", tenantId.value());
        jdbc.update("insert into tenant_call_settings (tenant_id, plan, require_written_consent, enable_dnc_check, "
                        + "call_window_start, call_window_end, call_window_zone, max_call_duration, recording_enabled) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenantId.value(), plan == null ? Plan.FREE.wireName() : plan.wireName(), tcpa.requireWrittenConsent(),
                tcpa.enableDNCCheck(), tcpa.callWindowStart().toString(), tcpa.callWindowEnd().toString(),
                tcpa.callWindowTimezone(), configuration.calling().maxCallDuration(),
                configuration.calling().enableRecording());
    }
}
