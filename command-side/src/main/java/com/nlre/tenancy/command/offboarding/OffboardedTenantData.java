package com.nlre.tenancy.command.offboarding;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Lets an offboarded tenant's data go on the command side: on {@link TenantOffboarded}, in the same transaction as the
 * event (subscribing processor {@value #PROCESSING_GROUP}; a failed delete fails the command, so the event is never
 * stored without its purge), deletes the tenant's rows from every table in {@link #TENANT_TABLES}.
 *
 * <p>Kept on purpose: the event store ({@code domainevententry}) and {@code tenant_event_index} (the history, whose
 * personal fields become unreadable when the key store shreds the tenant's key on the same event);
 * {@code tenant_directory} (status {@code offboarded}: every credential still presented is refused) and
 * {@code tenant_quota_settings} (plan and limits, no personal data; the standing check reads the plan beside the
 * status). Idempotent: a second purge finds nothing to delete.
 */
@Component
@ProcessingGroup(OffboardedTenantData.PROCESSING_GROUP)
public class OffboardedTenantData {

    public static final String PROCESSING_GROUP = "tenant-offboarding";

    /** Every command-side table that holds a tenant's own data, with its {@code tenant_id} column. */
    public static final List<String> TENANT_TABLES = List.of(
            "user_credentials",        // password hashes, MFA secrets, emails
            "api_key_credentials",     // API-key hashes
            "lead_import_errors",      // rows of CSV imports that failed (may quote the file)
            "lead_import_jobs",        // import progress
            "quota_counters",          // usage per meter and period
            "tenant_call_settings",    // TCPA settings calls are decided with
            "tenant_dnc",              // the tenant's do-not-call numbers
            "tenant_ai_agents",        // the AI agents that may place calls
            "tenant_deadlines");       // the pending retention end (settled by this very event)

    private static final Logger log = LoggerFactory.getLogger(OffboardedTenantData.class);

    private final JdbcTemplate jdbc;

    public OffboardedTenantData(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantOffboarded event) {
        int deleted = purge(event.tenantId());
        log.info("Tenant {} offboarded: {} command-side rows deleted", event.tenantId(), deleted);
    }

    /** Deletes the tenant's rows from {@link #TENANT_TABLES} and its request-rate buckets; answers how many. */
    public int purge(TenantId tenantId) {
        int deleted = 0;
        for (String table : TENANT_TABLES) {
            deleted += jdbc.update("DELETE FROM " + table + " WHERE tenant_id = ?", tenantId.value());
        }
        // bucket ids are "<service>:<tenantId>:<plan>:<rate>" (web-support's TenantRateLimiter)
        deleted += jdbc.update("DELETE FROM rate_limit_buckets WHERE id LIKE ? ESCAPE '\\'",
                "%:" + tenantId.value().replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + ":%");
        return deleted;
    }
}
