package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Every tenant's pending {@link TermEnd} (table {@code tenant_deadlines}, at most one row per tenant). Maintained by a
 * subscribing processor ({@value #PROCESSING_GROUP}) in the same transaction as the tenant's events, so a deadline
 * exists exactly when the event store says an end is pending, and survives restarts with it. A failed write fails
 * the command. {@link TermEndPoller} claims due rows and ends them. A cancellation replaces the pending term end with
 * the tenant's {@link TermEnd.Kind#RETENTION retention} end, which offboarding settles.
 */
@Component
@ProcessingGroup(TermEndDeadlines.PROCESSING_GROUP)
public class TermEndDeadlines {

    public static final String PROCESSING_GROUP = "tenant-deadlines";

    /** A tenant's pending end, as scheduled. */
    public record Deadline(TenantId tenantId, TermEnd end) {
    }

    private final JdbcTemplate jdbc;
    private final RetentionPeriod retention;

    public TermEndDeadlines(JdbcTemplate jdbc, RetentionPeriod retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    @EventHandler
    void on(TenantCreated event) {
        schedule(event.tenantId(), TermEnd.of(event.trialEndsAt(), event.subscriptionEndsAt()));
    }

    @EventHandler
    void on(TenantSubscriptionChanged event) {
        schedule(event.tenantId(), TermEnd.of(event.trialEndsAt(), event.subscriptionEndsAt()));
    }

    @EventHandler
    void on(TenantTrialEnded event) {
        settle(new Deadline(event.tenantId(), new TermEnd(TermEnd.Kind.TRIAL, event.trialEndsAt())));
    }

    @EventHandler
    void on(TenantSubscriptionLapsed event) {
        settle(new Deadline(event.tenantId(), new TermEnd(TermEnd.Kind.SUBSCRIPTION, event.subscriptionEndsAt())));
    }

    @EventHandler
    void on(TenantCanceled event) {
        schedule(event.tenantId(), Optional.of(new TermEnd(TermEnd.Kind.RETENTION,
                retention.endOf(event.canceledAt(), event.retentionEndsAt()))));
    }

    @EventHandler
    void on(TenantOffboarded event) {
        jdbc.update("DELETE FROM tenant_deadlines WHERE tenant_id = ?", event.tenantId().value());
    }

    /** Replaces the tenant's deadline: new dates make the old one stale, so it is dropped. */
    private void schedule(TenantId tenantId, Optional<TermEnd> end) {
        jdbc.update("DELETE FROM tenant_deadlines WHERE tenant_id = ?", tenantId.value());
        end.ifPresent(due -> jdbc.update("INSERT INTO tenant_deadlines (tenant_id, kind, due_at) VALUES (?, ?, ?)",
                tenantId.value(), due.kind().wireName(), timestamp(due.at())));
    }

    /** The tenant's scheduled deadline, if any. */
    public Optional<Deadline> of(TenantId tenantId) {
        return jdbc.query("SELECT tenant_id, kind, due_at FROM tenant_deadlines WHERE tenant_id = ?",
                TermEndDeadlines::deadline, tenantId.value()).stream().findFirst();
    }

    /** Up to {@code limit} deadlines reached at {@code now} that no instance holds a claim on, earliest first. */
    List<Deadline> due(Instant now, int limit) {
        return jdbc.query("SELECT tenant_id, kind, due_at FROM tenant_deadlines WHERE due_at <= ? "
                        + "AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY due_at, tenant_id LIMIT ?",
                TermEndDeadlines::deadline, timestamp(now), timestamp(now), limit);
    }

    /**
     * Claims a deadline for this instance until {@code until}: true for exactly one of several instances that try at
     * once. A claim that is not settled (the instance died, or the command failed) lapses and the deadline is tried
     * again.
     */
    boolean claim(Deadline deadline, Instant now, Instant until) {
        return jdbc.update("UPDATE tenant_deadlines SET claimed_until = ? WHERE tenant_id = ? AND kind = ? "
                        + "AND due_at = ? AND (claimed_until IS NULL OR claimed_until <= ?)", timestamp(until),
                deadline.tenantId().value(), deadline.end().kind().wireName(), timestamp(deadline.end().at()),
                timestamp(now)) == 1;
    }

    /** Removes the deadline if it is still the one scheduled (a rescheduled tenant keeps its new deadline). */
    void settle(Deadline deadline) {
        jdbc.update("DELETE FROM tenant_deadlines WHERE tenant_id = ? AND kind = ? AND due_at = ?",
                deadline.tenantId().value(), deadline.end().kind().wireName(), timestamp(deadline.end().at()));
    }

    private static Deadline deadline(ResultSet row, int index) throws SQLException {
        return new Deadline(new TenantId(row.getString("tenant_id")), new TermEnd(
                TermEnd.Kind.fromWireName(row.getString("kind")),
                row.getObject("due_at", OffsetDateTime.class).toInstant()));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
