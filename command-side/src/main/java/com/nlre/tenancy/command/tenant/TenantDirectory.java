package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.web.security.TenantStanding;
import com.nlre.tenancy.web.security.TenantStandingStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Every tenant's current status, for the tenant context filter and the login. Maintained by a subscribing processor
 * ({@value #PROCESSING_GROUP}), so each change is written in the same transaction as the events that cause it: a
 * suspension refuses the tenant's next write at once (the edge's cache of it is evicted after that commit, see
 * {@link TenantStandingEviction}). A failed write fails the command.
 */
@Component
@ProcessingGroup(TenantDirectory.PROCESSING_GROUP)
public class TenantDirectory implements TenantStandingStore {

    public static final String PROCESSING_GROUP = "tenant-directory";

    private final JdbcTemplate jdbc;

    public TenantDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tenant's status and plan (from the quota settings, kept in the same transactions), for web-support's
     * tenant standing cache. Always current with the committed events.
     */
    @Override
    public Optional<TenantStanding> read(TenantId tenantId) {
        return jdbc.query("SELECT d.status, q.plan FROM tenant_directory d "
                        + "JOIN tenant_quota_settings q ON q.tenant_id = d.tenant_id WHERE d.tenant_id = ?",
                (row, index) -> standing(row.getString("status"), row.getString("plan")),
                tenantId.value()).stream().findFirst().flatMap(standing -> standing);
    }

    private static Optional<TenantStanding> standing(String status, String plan) {
        return TenantStatus.parse(status).flatMap(known -> Plan.parse(plan)
                .map(onPlan -> new TenantStanding(known, onPlan, TenantStanding.CURRENT)));
    }

    /** The tenant's status as stored now, uncached. */
    public Optional<TenantStatus> statusOf(TenantId tenantId) {
        return jdbc.queryForList("SELECT status FROM tenant_directory WHERE tenant_id = ?", String.class,
                tenantId.value()).stream().findFirst().flatMap(TenantStatus::parse);
    }

    @EventHandler
    void on(TenantCreated event) {
        jdbc.update("INSERT INTO tenant_directory (tenant_id, status) VALUES (?, ?)", event.tenantId().value(),
                TenantStatus.ACTIVE.wireName());
    }

    @EventHandler
    void on(TenantSuspended event) {
        statusIs(event.tenantId(), TenantStatus.SUSPENDED);
    }

    @EventHandler
    void on(TenantReactivated event) {
        statusIs(event.tenantId(), TenantStatus.ACTIVE);
    }

    @EventHandler
    void on(TenantCanceled event) {
        statusIs(event.tenantId(), TenantStatus.CANCELED);
    }

    @EventHandler
    void on(TenantOffboarded event) {
        statusIs(event.tenantId(), TenantStatus.OFFBOARDED);
    }

    private void statusIs(TenantId tenantId, TenantStatus status) {
        jdbc.update("UPDATE tenant_directory SET status = ? WHERE tenant_id = ?", status.wireName(), tenantId.value());
    }
}
