package com.nlre.tenancy.command.lead.imports;

import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.lead.LeadCommands.AddLead;
import com.nlre.tenancy.command.lead.imports.LeadImportJobs.Progress;
import com.nlre.tenancy.command.lead.imports.LeadImportJobs.Status;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.usage.QuotaExceeded;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.tenant.TenantDirectory;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.RandomIds;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Runs lead imports in the background on a small bounded executor (1–2 threads, a short queue): each row becomes an
 * {@link AddLead} sent as the importing principal, so it passes the same rules as a lead added over the API. A row
 * whose lead id is taken counts as already present, so uploading the same file again adds nothing twice. Progress is
 * written every {@value #PROGRESS_EVERY} rows.
 *
 * <p>Jobs live only in the instance that accepted them. While it runs, the instance marks its jobs alive every
 * {@link #HEARTBEAT}; a queued or running job not marked for {@link #STALE_AFTER} (its instance stopped) is declared
 * interrupted, at start-up and then every {@link #HEARTBEAT}. An orderly shutdown declares its own jobs interrupted at
 * once.
 */
@Component
public class LeadImporter implements SmartLifecycle {

    static final int PROGRESS_EVERY = 50;
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration STALE_AFTER = Duration.ofSeconds(45);
    static final String INTERRUPTED_REASON = "The service stopped before the import completed. Upload the same file "
            + "again to finish it: leads already imported are skipped.";

    private static final Logger log = LoggerFactory.getLogger(LeadImporter.class);
    private static final String JOB_PREFIX = "import_";
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private final LeadImportJobs jobs;
    private final CommandDispatcher dispatcher;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final String instanceId = "instance_" + RandomIds.next(16);
    private final int threads;
    private final int queueCapacity;
    private volatile ThreadPoolExecutor executor;
    private volatile ScheduledExecutorService heartbeat;

    public LeadImporter(LeadImportJobs jobs, CommandDispatcher dispatcher, TenantDirectory tenants, Clock clock,
                        @Value("${nlre.lead-imports.threads:1}") int threads,
                        @Value("${nlre.lead-imports.queue-capacity:10}") int queueCapacity) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.tenants = tenants;
        this.clock = clock;
        this.threads = Math.max(1, Math.min(2, threads));
        this.queueCapacity = Math.max(1, queueCapacity);
    }

    public static boolean isJobId(String candidate) {
        return RandomIds.matches(JOB_PREFIX, candidate);
    }

    /**
     * Queues the parsed file as a new job of the tenant, run as {@code actor}. Rows the parser refused are reported
     * as failed rows of the job, in line order with the others.
     *
     * @return the new job's id; empty when too many jobs are waiting (nothing was stored)
     */
    public Optional<String> submit(TenantId tenantId, Actor actor, LeadCsv.Parsed parsed) {
        String jobId = JOB_PREFIX + RandomIds.next(16);
        List<Item> items = new ArrayList<>();
        parsed.rows().forEach(row -> items.add(new Item(row.line(), row, null)));
        parsed.errors().forEach(error -> items.add(new Item(error.line(), null, error)));
        items.sort(Comparator.comparingInt(Item::line));
        jobs.create(tenantId, jobId, actor.id(), items.size(), instanceId, clock.instant());
        try {
            executor.execute(new Run(tenantId, jobId, actor, items));
        } catch (RejectedExecutionException e) {
            jobs.delete(tenantId, jobId);
            return Optional.empty();
        }
        return Optional.of(jobId);
    }

    /** Declares interrupted the jobs of instances that stopped; keeps this instance's jobs alive. */
    void sweep() {
        Instant now = clock.instant();
        jobs.heartbeat(instanceId, now);
        int interrupted = jobs.interruptStale(now.minus(STALE_AFTER), INTERRUPTED_REASON, now);
        if (interrupted > 0) {
            log.warn("Declared {} lead import job(s) interrupted: their instance stopped", interrupted);
        }
    }

    private record Item(int line, LeadCsv.Row row, LeadCsv.RowError error) {
    }

    /** One job, run on the import executor. */
    private final class Run implements Runnable {

        private final TenantId tenantId;
        private final String jobId;
        private final Actor actor;
        private final List<Item> items;
        private int created;
        private int alreadyPresent;
        private int failed;
        private int errorsKept;
        private final List<LeadCsv.RowError> newErrors = new ArrayList<>();

        Run(TenantId tenantId, String jobId, Actor actor, List<Item> items) {
            this.tenantId = tenantId;
            this.jobId = jobId;
            this.actor = actor;
            this.items = items;
        }

        @Override
        public void run() {
            MDC.put(MetadataKeys.TENANT_ID, tenantId.value());
            MDC.put(MetadataKeys.CORRELATION_ID, jobId);
            try {
                if (!jobs.started(tenantId, jobId, clock.instant())) {
                    return;
                }
                log.info("Lead import {} started: {} rows", jobId, items.size());
                int sinceProgress = 0;
                for (Item item : items) {
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted();
                        return;
                    }
                    handle(item);
                    if (++sinceProgress == PROGRESS_EVERY) {
                        sinceProgress = 0;
                        if (!progressRecorded() || !tenantStillActive()) {
                            return;
                        }
                    }
                }
                if (progressRecorded()) {
                    end(Status.COMPLETED, null);
                    log.info("Lead import {} completed: {} created, {} already present, {} failed", jobId, created,
                            alreadyPresent, failed);
                }
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted();
                    return;
                }
                log.error("Lead import {} failed", jobId, e);
                progressRecorded();
                end(Status.FAILED, "The import stopped on an unexpected error after " + (created + alreadyPresent
                        + failed) + " rows. Upload the same file again to finish it: leads already imported are "
                        + "skipped.");
            } finally {
                MDC.remove(MetadataKeys.TENANT_ID);
                MDC.remove(MetadataKeys.CORRELATION_ID);
            }
        }

        private void handle(Item item) {
            if (item.error() != null) {
                fail(item.error());
                return;
            }
            LeadCsv.Row row = item.row();
            try {
                dispatcher.send(tenantId, new AddLead(tenantId, row.leadId(), row.contact(), row.timezone(),
                        row.source(), row.tags()), actor);
                created++;
            } catch (AggregateStreamCreationException | ConcurrencyException e) {
                alreadyPresent++;
            } catch (InvalidCommand e) {
                fail(new LeadCsv.RowError(row.line(), column(e.field()), e.getMessage()));
            } catch (BusinessRuleViolation e) {
                fail(new LeadCsv.RowError(row.line(), null, e.getMessage()));
            } catch (QuotaExceeded e) {
                fail(new LeadCsv.RowError(row.line(), null, "not imported: " + e.getMessage()));
            }
        }

        private void fail(LeadCsv.RowError error) {
            failed++;
            if (errorsKept < LeadImportJobs.MAX_ERRORS) {
                errorsKept++;
                newErrors.add(error);
            }
        }

        private boolean progressRecorded() {
            boolean running = jobs.progressed(tenantId, jobId, new Progress(created, alreadyPresent, failed),
                    List.copyOf(newErrors), clock.instant());
            newErrors.clear();
            return running;
        }

        /** A tenant that is no longer active changes nothing, imports included. */
        private boolean tenantStillActive() {
            TenantStatus status = tenants.statusOf(tenantId).orElse(TenantStatus.CANCELED);
            if (status == TenantStatus.ACTIVE) {
                return true;
            }
            end(Status.FAILED, "The tenant is " + status.wireName() + "; the import stopped.");
            return false;
        }

        /** The service is stopping: records how far the job came, then that it was interrupted. */
        private void interrupted() {
            Thread.interrupted();
            try {
                progressRecorded();
                end(Status.INTERRUPTED, INTERRUPTED_REASON);
            } finally {
                Thread.currentThread().interrupt();
            }
        }

        private void end(Status status, String reason) {
            jobs.finished(tenantId, jobId, status, reason, clock.instant());
        }
    }

    /** The CSV column a lead rule's field comes from, e.g. {@code contact.phones[1]} → {@code phone}. */
    static String column(String field) {
        if (field == null) {
            return null;
        }
        String column = INDEX.matcher(field).replaceAll("");
        column = column.startsWith("contact.") ? column.substring("contact.".length()) : column;
        column = column.startsWith("propertyAddress.") ? column.substring("propertyAddress.".length()) : column;
        return "phones".equals(column) ? "phone" : column;
    }

    @Override
    public void start() {
        AtomicInteger threadNumber = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
            Thread thread = new Thread(runnable, "lead-import-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lead-import-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::sweepLogged, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops before the command bus does, so a job cut short is declared interrupted, not failed. */
    @Override
    public void stop() {
        heartbeat.shutdownNow();
        for (Runnable queued : executor.shutdownNow()) {
            if (queued instanceof Run run) {
                run.end(Status.INTERRUPTED, INTERRUPTED_REASON);
            }
        }
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("A lead import did not stop within 10 s; it will be declared interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Lead import heartbeat failed: {}", e.toString());
        }
    }
}
