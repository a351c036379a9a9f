package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.tenant.TenantCommands.EndRetention;
import com.nlre.tenancy.command.tenant.TenantCommands.EndTenantTerm;
import com.nlre.tenancy.command.tenant.TermEndDeadlines.Deadline;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.MetadataKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the trials, subscriptions and retention periods whose {@link TermEndDeadlines deadline} has been reached by
 * the injected {@link Clock}: at start (ends missed while the service was down), then every {@code nlre.tenant-deadlines.
 * poll-interval}. Each instance claims a deadline before sending {@link EndTenantTerm} (or, for a retention end,
 * {@link EndRetention}, which offboards the canceled tenant), so normally one instance
 * handles it; the command is idempotent, so a deadline delivered twice (a lapsed claim, a retry) still ends the term
 * once. A deadline whose command failed is tried again when its claim lapses.
 */
@Component
public class TermEndPoller implements SmartLifecycle {

    static final String ACTOR = "term-end-deadlines";
    private static final Logger log = LoggerFactory.getLogger(TermEndPoller.class);

    private final TermEndDeadlines deadlines;
    private final CommandDispatcher dispatcher;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration claimDuration;
    private final int batchSize;
    private volatile ScheduledExecutorService timer;

    public TermEndPoller(TermEndDeadlines deadlines, CommandDispatcher dispatcher, Clock clock,
                         @Value("${nlre.tenant-deadlines.poll-interval:30s}") Duration pollInterval,
                         @Value("${nlre.tenant-deadlines.claim-duration:2m}") Duration claimDuration,
                         @Value("${nlre.tenant-deadlines.batch-size:100}") int batchSize) {
        if (pollInterval.isNegative() || pollInterval.isZero() || claimDuration.isNegative() || claimDuration.isZero()
                || batchSize < 1) {
            throw new IllegalArgumentException("nlre.tenant-deadlines: poll-interval and claim-duration must be "
                    + "positive, batch-size at least 1");
        }
        this.deadlines = deadlines;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.claimDuration = claimDuration;
        this.batchSize = batchSize;
    }

    /** Ends every deadline reached now that no other instance holds; answers how many terms it ended. */
    public int endDueTerms() {
        int ended = 0;
        List<Deadline> batch;
        do {
            Instant now = clock.instant();
            batch = deadlines.due(now, batchSize);
            for (Deadline deadline : batch) {
                if (deadlines.claim(deadline, now, now.plus(claimDuration)) && end(deadline)) {
                    ended++;
                }
            }
        } while (batch.size() == batchSize);
        return ended;
    }

    private boolean end(Deadline deadline) {
        MDC.put(MetadataKeys.TENANT_ID, deadline.tenantId().value());
        try {
            Object command = deadline.end().kind() == TermEnd.Kind.RETENTION
                    ? new EndRetention(deadline.tenantId())
                    : new EndTenantTerm(deadline.tenantId(), deadline.end());
            TermEndOutcome outcome = dispatcher.send(deadline.tenantId(), command, Actor.system(ACTOR));
            if (outcome.settlesDeadline()) {
                deadlines.settle(deadline);
            }
            log.info("Tenant {} {} end at {}: {}", deadline.tenantId(), deadline.end().kind().wireName(),
                    deadline.end().at(), outcome);
            return outcome == TermEndOutcome.ENDED;
        } catch (RuntimeException e) {
            log.warn("Tenant {} {} end at {} failed; tried again in {}: {}", deadline.tenantId(),
                    deadline.end().kind().wireName(), deadline.end().at(), claimDuration, e.toString());
            return false;
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tenant-term-ends");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::endDueTermsLogged, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops before the command bus does. */
    @Override
    public void stop() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void endDueTermsLogged() {
        try {
            endDueTerms();
        } catch (RuntimeException e) {
            log.warn("Ending due tenant terms failed; tried again in {}: {}", pollInterval, e.toString());
        }
    }
}
