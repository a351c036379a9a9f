package com.nlre.tenancy.query.consistency;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Read-your-writes for queries: given the {@link ConsistencyToken} a command answered with, waits until the
 * projections have applied that aggregate up to the token's sequence, or until {@code nlre.consistency.max-wait} has
 * passed, whichever comes first. It never fails a query for being late: the caller learns from the outcome whether
 * the answer is known to include the change. Waiting blocks the request thread, polling every
 * {@code nlre.consistency.poll-interval}.
 */
@Component
public class ConsistencyWaiter {

    private static final Logger log = LoggerFactory.getLogger(ConsistencyWaiter.class);

    private final ProjectionPositions positions;
    private final ParkedEvents parked;
    private final Duration maxWait;
    private final Duration pollInterval;
    private final Timer reached;
    private final Timer notReached;

    /** Without dead letters (for code and tests without Spring). */
    public ConsistencyWaiter(ProjectionPositions positions, ConsistencyProperties properties, MeterRegistry meters) {
        this(positions, ParkedEvents.NONE, properties, meters);
    }

    @Autowired
    public ConsistencyWaiter(ProjectionPositions positions, ParkedEvents parked, ConsistencyProperties properties,
                             MeterRegistry meters) {
        this.positions = positions;
        this.parked = parked;
        this.maxWait = properties.maxWait();
        this.pollInterval = properties.pollInterval();
        this.reached = waitTimer(meters, true);
        this.notReached = waitTimer(meters, false);
    }

    /**
     * Waits for the token in an {@code X-Consistency-Token} header value, if there is one, whatever its tenant: for
     * platform operators, who may read every tenant.
     *
     * @throws ProblemException 400 naming the header when the value is not a token
     */
    public ConsistencyOutcome awaitIfRequested(@Nullable String headerValue) {
        if (headerValue == null) {
            return ConsistencyOutcome.NOT_REQUESTED;
        }
        return await(parse(headerValue)) ? ConsistencyOutcome.REACHED : ConsistencyOutcome.NOT_REACHED;
    }

    /**
     * Waits for the token in an {@code X-Consistency-Token} header value on behalf of a tenant's caller: only the
     * caller's own tenant's positions are ever looked at.
     *
     * @throws ProblemException 400 naming the header when the value is not a token or names another tenant
     */
    public ConsistencyOutcome awaitIfRequested(@Nullable String headerValue, TenantId callersTenant) {
        if (headerValue == null) {
            return ConsistencyOutcome.NOT_REQUESTED;
        }
        ConsistencyToken token = parse(headerValue);
        if (!token.tenantId().equals(callersTenant)) {
            throw ProblemException.invalidParameter(ConsistencyToken.HEADER, "must be a token of the caller's tenant");
        }
        return await(token) ? ConsistencyOutcome.REACHED : ConsistencyOutcome.NOT_REACHED;
    }

    /** True once the token's aggregate is projected up to its sequence; false if that did not happen in time. */
    public boolean await(ConsistencyToken token) {
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        boolean done = isReached(token);
        if (!done && parked.holdsBack(token.tenantId(), token.aggregateId(), token.sequence())) {
            log.warn("Consistency token of {} up to #{} is held back by a parked dead letter: answered as not "
                    + "reached without waiting", token.aggregateId(), token.sequence());
            notReached.record(Duration.ofNanos(System.nanoTime() - start));
            return false;
        }
        try {
            while (!done && System.nanoTime() - deadline < 0) {
                Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(),
                        Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
                done = isReached(token);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        (done ? reached : notReached).record(Duration.ofNanos(System.nanoTime() - start));
        return done;
    }

    private static ConsistencyToken parse(String headerValue) {
        return ConsistencyToken.parse(headerValue).orElseThrow(() -> ProblemException.invalidParameter(
                ConsistencyToken.HEADER, "must look like <tenantId>:<aggregateId>:<sequence>"));
    }

    private boolean isReached(ConsistencyToken token) {
        OptionalLong sequence = positions.sequenceOf(token.tenantId(), token.aggregateId());
        return sequence.isPresent() && sequence.getAsLong() >= token.sequence();
    }

    private static Timer waitTimer(MeterRegistry meters, boolean reached) {
        return Timer.builder("nlre.consistency.wait")
                .description("Time queries waited for their consistency token")
                .tag("reached", String.valueOf(reached))
                .register(meters);
    }
}
