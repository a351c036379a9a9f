package com.nlre.tenancy.command.lead.imports;

import com.fasterxml.jackson.annotation.JsonValue;
import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lead import jobs and their row errors ({@code lead_import_jobs}, {@code lead_import_errors}). Every query a tenant's
 * request or job causes names the tenant; only the sweep for jobs whose instance stopped spans tenants, and it
 * returns nothing.
 */
@Repository
public class LeadImportJobs {

    /** The first row errors kept and shown per job (by line number). */
    public static final int MAX_ERRORS = 1_000;
    private static final int MAX_MESSAGE_LENGTH = 500;
    private static final int MAX_FIELD_LENGTH = 64;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public LeadImportJobs(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED, INTERRUPTED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a job has done so far; {@code processed} is the sum of the other three. */
    public record Progress(int created, int alreadyPresent, int failed) {

        public int processed() {
            return created + alreadyPresent + failed;
        }
    }

    /**
     * A job as its owner sees it.
     *
     * @param total  the data rows of the file
     * @param errors the rows that could not be added, the first {@value #MAX_ERRORS} by line
     * @param reason why a job failed or was interrupted
     */
    public record Job(String jobId, Status status, int total, int processed, int created, int alreadyPresent,
                      int failed, List<LeadCsv.RowError> errors, String reason, Instant createdAt, Instant startedAt,
                      Instant finishedAt) {
    }

    void create(TenantId tenantId, String jobId, String requestedBy, int total, String instanceId, Instant now) {
        jdbc.update("INSERT INTO lead_import_jobs (job_id, tenant_id, requested_by, status, total, instance_id, "
                        + "heartbeat_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", jobId, tenantId.value(),
                requestedBy, Status.QUEUED.wireName(), total, instanceId, timestamp(now), timestamp(now));
    }

    /** Forgets a job that could not be queued. */
    void delete(TenantId tenantId, String jobId) {
        jdbc.update("DELETE FROM lead_import_jobs WHERE tenant_id = ? AND job_id = ?", tenantId.value(), jobId);
    }

    /**
     * The job row is read before its errors: row errors are committed with the progress that counts them, before the
     * job ends, so a job read as ended is always answered with all of its errors.
     */
    public Optional<Job> find(TenantId tenantId, String jobId) {
        Optional<Job> job = jdbc.query("SELECT * FROM lead_import_jobs WHERE tenant_id = ? AND job_id = ?",
                LeadImportJobs::jobRow, tenantId.value(), jobId).stream().findFirst();
        return job.map(found -> {
            List<LeadCsv.RowError> errors = jdbc.query("SELECT line, field, message FROM lead_import_errors "
                            + "WHERE tenant_id = ? AND job_id = ? ORDER BY line LIMIT " + MAX_ERRORS,
                    (rs, row) -> new LeadCsv.RowError(rs.getInt("line"), rs.getString("field"),
                            rs.getString("message")), tenantId.value(), jobId);
            return new Job(found.jobId(), found.status(), found.total(), found.processed(), found.created(),
                    found.alreadyPresent(), found.failed(), errors, found.reason(), found.createdAt(),
                    found.startedAt(), found.finishedAt());
        });
    }

    /** @return false when the job is no longer queued (it was interrupted meanwhile) */
    boolean started(TenantId tenantId, String jobId, Instant now) {
        return jdbc.update("UPDATE lead_import_jobs SET status = ?, started_at = ?, heartbeat_at = ? "
                        + "WHERE tenant_id = ? AND job_id = ? AND status = ?", Status.RUNNING.wireName(),
                timestamp(now), timestamp(now), tenantId.value(), jobId, Status.QUEUED.wireName()) == 1;
    }

    /**
     * Records progress and the new row errors together.
     *
     * @return false when the job is no longer running (it was declared interrupted meanwhile): it must stop
     */
    boolean progressed(TenantId tenantId, String jobId, Progress progress, List<LeadCsv.RowError> newErrors,
                       Instant now) {
        Boolean running = transactions.execute(status -> {
            int updated = jdbc.update("UPDATE lead_import_jobs SET processed = ?, created = ?, already_present = ?, "
                            + "failed = ?, heartbeat_at = ? WHERE tenant_id = ? AND job_id = ? AND status = ?",
                    progress.processed(), progress.created(), progress.alreadyPresent(), progress.failed(),
                    timestamp(now), tenantId.value(), jobId, Status.RUNNING.wireName());
            if (updated == 1 && !newErrors.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO lead_import_errors (tenant_id, job_id, line, field, message) "
                        + "VALUES (?, ?, ?, ?, ?)", newErrors, newErrors.size(), (statement, error) -> {
                    statement.setString(1, tenantId.value());
                    statement.setString(2, jobId);
                    statement.setInt(3, error.line());
                    statement.setString(4, shortened(error.field(), MAX_FIELD_LENGTH));
                    statement.setString(5, shortened(error.message(), MAX_MESSAGE_LENGTH));
                });
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(running);
    }

    /** Ends a queued or running job; one already ended (e.g. declared interrupted) keeps its end. */
    void finished(TenantId tenantId, String jobId, Status status, String reason, Instant now) {
        jdbc.update("UPDATE lead_import_jobs SET status = ?, reason = ?, finished_at = ?, heartbeat_at = ? "
                        + "WHERE tenant_id = ? AND job_id = ? AND status IN (?, ?)", status.wireName(),
                shortened(reason, MAX_MESSAGE_LENGTH), timestamp(now), timestamp(now), tenantId.value(), jobId,
                Status.QUEUED.wireName(), Status.RUNNING.wireName());
    }

    /** The instance is alive: its queued and running jobs are not stale. */
    void heartbeat(String instanceId, Instant now) {
        jdbc.update("UPDATE lead_import_jobs SET heartbeat_at = ? WHERE instance_id = ? AND status IN (?, ?)",
                timestamp(now), instanceId, Status.QUEUED.wireName(), Status.RUNNING.wireName());
    }

    /**
     * Declares interrupted every queued or running job whose instance has not shown it was alive since
     * {@code staleBefore}: that instance stopped, and its jobs with it.
     *
     * @return how many jobs were declared interrupted
     */
    int interruptStale(Instant staleBefore, String reason, Instant now) {
        return jdbc.update("UPDATE lead_import_jobs SET status = ?, reason = ?, finished_at = ? "
                        + "WHERE status IN (?, ?) AND heartbeat_at < ?", Status.INTERRUPTED.wireName(), reason,
                timestamp(now), Status.QUEUED.wireName(), Status.RUNNING.wireName(), timestamp(staleBefore));
    }

    /** A job row as read, its errors not yet attached. */
    private static Job jobRow(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getString("job_id"), Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("total"), rs.getInt("processed"), rs.getInt("created"), rs.getInt("already_present"),
                rs.getInt("failed"), List.of(), rs.getString("reason"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static String shortened(String value, int maxLength) {
        return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength - 1) + "…";
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
