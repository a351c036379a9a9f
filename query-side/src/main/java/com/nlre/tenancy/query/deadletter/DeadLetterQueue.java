package com.nlre.tenancy.query.deadletter;

import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.ReadModelGenerations;
import com.nlre.tenancy.query.projection.EventDecoder;
import com.nlre.tenancy.query.projection.EventPollObserver;
import com.nlre.tenancy.query.projection.EventProjector;
import com.nlre.tenancy.query.projection.MalformedEventException;
import com.nlre.tenancy.query.projection.ProjectionFailureClass;
import com.nlre.tenancy.query.projection.ProjectionRetryProperties;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sequenced dead-letter queue in front of the {@link EventProjector}, in the manner of Axon's sequenced dead-letter
 * queue, the sequence being an aggregate ({@code tenantId} + {@code aggregateId}):
 * <ul>
 *   <li>{@link #project} is the live consumer's path. An event of an aggregate that has a parked letter at or below
 *   its sequence is parked behind it ({@link DeadLetterKind#WAITING_BEHIND}) without being tried: projections apply an
 *   aggregate's events in order and ignore one older than what they hold, so applying it first would make the parked
 *   one impossible to apply later. Every other event is projected as before; other aggregates and tenants keep
 *   flowing.</li>
 *   <li>{@link #park} is the Kafka error handler's recoverer, called once a record has failed for good (see
 *   {@link ProjectionFailureClass}): it stores the letter and the consumer moves on. A failure of infrastructure is
 *   never parked: it is thrown back, and the error handler keeps retrying the record.</li>
 *   <li>{@link #retry} re-projects an aggregate's letters in sequence order through the same projector, removing each
 *   one applied and stopping at the first that fails again (which keeps its place with the new reason and one
 *   attempt more). It holds the projection gate ({@link ReadModelGenerations#exclusively}), so this instance's
 *   consumer parks nothing behind the letters while they are being applied. An event of the aggregate consumed by
 *   another instance during a retry may still be parked behind them: it stays listed and is applied by the next
 *   retry.</li>
 *   <li>{@link #discard} removes one letter for good, with the operator's reason in the log. Letters waiting behind it
 *   stay parked until retried.</li>
 * </ul>
 * A record from which no tenant can be read (neither its envelope nor its key) cannot be attributed or sequenced: it
 * is logged with topic, partition and offset, counted in {@value #UNATTRIBUTABLE_METRIC} and skipped.
 */
@Component
public class DeadLetterQueue implements EventPollObserver {

    /** Per consuming thread: no letter was parked anywhere at its last poll (see {@link #polled}). */
    private final ThreadLocal<Boolean> noneParkedAtPoll = ThreadLocal.withInitial(() -> false);

    public static final String PARKED_TOTAL_METRIC = "nlre.projection.dead_letters.parked";
    public static final String UNATTRIBUTABLE_METRIC = "nlre.projection.dead_letters.unattributable";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final int MAX_REASON_LENGTH = 1_000;

    private final DeadLetters letters;
    private final EventDecoder decoder;
    private final EventProjector projector;
    private final ReadModelGenerations generations;
    private final ProjectionRetryProperties retry;
    private final Clock clock;
    private final MeterRegistry meters;

    public DeadLetterQueue(DeadLetters letters, EventDecoder decoder, EventProjector projector,
                           ReadModelGenerations generations, ProjectionRetryProperties retry, Clock clock,
                           MeterRegistry meters) {
        this.letters = letters;
        this.decoder = decoder;
        this.projector = projector;
        this.generations = generations;
        this.retry = retry;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Counts the letters once per poll: with none parked anywhere, no record of this poll can wait behind one, so
     * {@link #project} skips its per-record lookup until this thread's next poll. Only the consumer that owns a
     * partition parks its records, and it parks on this same thread ({@link #park} turns the lookup back on), so the
     * count cannot miss a letter a polled record must wait behind. Any other thread always looks up.
     */
    @Override
    public void polled(int eventRecords) {
        noneParkedAtPoll.set(false);
        noneParkedAtPoll.set(letters.countNow() == 0);
    }

    /**
     * Projects a consumed record, or parks it behind its aggregate's parked letter.
     *
     * @throws MalformedEventException when the record is not an envelope (the error handler then parks it)
     */
    public void project(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = decoder.parse(record.value());
        TenantId tenantId = new TenantId(envelope.tenantId());
        Optional<DeadLetter> head = noneParkedAtPoll.get() ? Optional.empty()
                : letters.first(tenantId, envelope.aggregateId());
        if (head.isPresent() && envelope.aggregateSequence() >= head.get().aggregateSequence()) {
            DeadLetter blocking = head.get();
            Instant now = clock.instant();
            DeadLetter waiting = new DeadLetter(envelope.eventId(), tenantId, envelope.aggregateId(),
                    envelope.aggregateSequence(), envelope.eventId(), envelope.type(), record.topic(),
                    record.partition(), record.offset(), DeadLetterKind.WAITING_BEHIND, null,
                    "waits behind parked event " + blocking.letterId() + " (#" + blocking.aggregateSequence()
                            + ") of the same aggregate", 0, now, now, blocking.letterId(), record.key(),
                    record.value());
            inTenant(tenantId.value(), () -> {
                if (letters.park(waiting)) {
                    countParked(DeadLetterKind.WAITING_BEHIND);
                    log.warn("Parked event {} ({} #{} of {}) behind parked event {}", envelope.eventId(),
                            envelope.type(), envelope.aggregateSequence(), envelope.aggregateId(),
                            blocking.letterId());
                }
                return null;
            });
            return;
        }
        projector.project(record.key(), envelope);
    }

    /**
     * Parks a record whose projection failed for good; the error handler's recoverer.
     *
     * @throws IllegalStateException when the failure is one of infrastructure, or the record is not of the event topic:
     *                               such records are retried, never parked
     */
    public void park(ConsumerRecord<?, ?> record, Exception exception) {
        noneParkedAtPoll.set(false);
        Throwable failure = unwrap(exception);
        ProjectionFailureClass failureClass = ProjectionFailureClass.of(failure);
        if (failureClass == ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE) {
            throw new IllegalStateException("infrastructure was unavailable: the record is retried, not parked",
                    failure);
        }
        if (!Topics.EVENTS.equals(record.topic())) {
            throw new IllegalStateException("only records of the event topic are parked: the record is retried",
                    failure);
        }
        String value = record.value() instanceof String text ? text : null;
        String key = record.key() instanceof String text ? text : null;
        EventEnvelope envelope = parseOrNull(value);
        String tenant = envelope != null ? envelope.tenantId() : key;
        if (tenant == null || !TenantId.isValid(tenant)) {
            Counter.builder(UNATTRIBUTABLE_METRIC)
                    .description("Records that could not be projected nor attributed to a tenant, skipped")
                    .register(meters).increment();
            log.error("Skipping record {}-{}@{}: it cannot be projected ({}) and names no tenant to park it for",
                    record.topic(), record.partition(), record.offset(), failure.getClass().getName());
            return;
        }
        DeadLetterKind kind = failureClass == ProjectionFailureClass.UNPROJECTABLE_RECORD
                ? DeadLetterKind.UNPROJECTABLE_RECORD : DeadLetterKind.PROJECTION_ERROR;
        int attempts = kind == DeadLetterKind.UNPROJECTABLE_RECORD ? 1 : retry.attemptsBeforeParking();
        Instant now = clock.instant();
        String letterId = envelope != null ? envelope.eventId()
                : "record-" + record.topic() + "-" + record.partition() + "-" + record.offset();
        DeadLetter letter = new DeadLetter(letterId, new TenantId(tenant),
                envelope == null ? null : envelope.aggregateId(),
                envelope == null ? null : envelope.aggregateSequence(),
                envelope == null ? null : envelope.eventId(), envelope == null ? null : envelope.type(),
                record.topic(), record.partition(), record.offset(), kind, failure.getClass().getName(),
                reason(failure), attempts, now, now, null, key, value);
        inTenant(tenant, () -> {
            if (letters.park(letter)) {
                countParked(kind);
                log.error("Parked record {}-{}@{} ({}) as a dead letter after {} attempt(s): {}: {}", record.topic(),
                        record.partition(), record.offset(), describeEvent(letter), attempts, letter.exception(),
                        letter.reason());
            }
            return null;
        });
    }

    /**
     * Re-projects, in sequence order, every parked letter of the given letter's aggregate (only that letter for a
     * record that is not an envelope).
     *
     * @throws ProblemException 404 for an unknown letter; 503 when MongoDB or the command side is unavailable (the
     *                          letters are left as they were)
     */
    public RetryOutcome retry(String letterId) {
        try {
            DeadLetter named = letters.find(letterId)
                    .orElseThrow(() -> ProblemException.notFound("dead letter", letterId));
            return inTenant(named.tenantId().value(), () -> generations.exclusively(() -> retryInOrder(named)));
        } catch (ProblemException problem) {
            throw problem;
        } catch (RuntimeException failure) {
            if (ProjectionFailureClass.of(failure) == ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE) {
                log.warn("Retrying dead letter {} stopped: infrastructure unavailable", letterId, failure);
                throw unavailable(List.of());
            }
            throw failure;
        }
    }

    /**
     * Removes one letter for good.
     *
     * @param operator who discards it, for the log
     * @throws ProblemException 404 for an unknown letter
     */
    public DeadLetterView discard(String letterId, String reason, String operator) {
        DeadLetter letter = letters.find(letterId)
                .orElseThrow(() -> ProblemException.notFound("dead letter", letterId));
        return inTenant(letter.tenantId().value(), () -> {
            if (!letters.remove(letter)) {
                throw ProblemException.notFound("dead letter", letterId);
            }
            Counter.builder("nlre.projection.dead_letters.discarded")
                    .description("Dead letters operators discarded")
                    .register(meters).increment();
            log.warn("Dead letter {} ({}, {}) discarded by {}: {}", letter.letterId(), describeEvent(letter),
                    letter.kind().wireName(), operator, reason);
            return letter.view(false);
        });
    }

    private RetryOutcome retryInOrder(DeadLetter named) {
        List<String> applied = new ArrayList<>();
        while (true) {
            List<DeadLetter> pending = named.aggregateId() == null
                    ? letters.find(named.tenantId(), named.letterId()).stream().toList()
                    : letters.ofAggregate(named.tenantId(), named.aggregateId());
            if (pending.isEmpty()) {
                log.info("Retried the dead letters of {}: {} applied", describe(named), applied.size());
                countRetry("applied", applied.size());
                return new RetryOutcome(named.tenantId().value(), named.aggregateId(), applied, List.of());
            }
            for (int index = 0; index < pending.size(); index++) {
                DeadLetter letter = pending.get(index);
                try {
                    projector.project(letter.key(), letter.record());
                } catch (RuntimeException failure) {
                    return failedAgain(named, letter, failure, applied, pending.subList(index, pending.size()));
                }
                letters.remove(letter);
                applied.add(letter.letterId());
            }
            if (named.aggregateId() == null) {
                countRetry("applied", applied.size());
                return new RetryOutcome(named.tenantId().value(), null, applied, List.of());
            }
        }
    }

    private RetryOutcome failedAgain(DeadLetter named, DeadLetter letter, RuntimeException failure,
                                     List<String> applied, List<DeadLetter> remaining) {
        ProjectionFailureClass failureClass = ProjectionFailureClass.of(failure);
        if (failureClass == ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE) {
            log.warn("Retrying the dead letters of {} stopped: infrastructure unavailable ({} applied before)",
                    describe(named), applied.size(), failure);
            throw unavailable(applied);
        }
        DeadLetterKind kind = failureClass == ProjectionFailureClass.UNPROJECTABLE_RECORD
                ? DeadLetterKind.UNPROJECTABLE_RECORD : DeadLetterKind.PROJECTION_ERROR;
        letters.failedAgain(letter, kind, failure.getClass().getName(), reason(failure));
        countRetry("failed", 1);
        countRetry("applied", applied.size());
        log.error("Retrying dead letter {} ({}) failed again, {} letter(s) stay parked: {}: {}", letter.letterId(),
                describeEvent(letter), remaining.size(), failure.getClass().getName(), reason(failure));
        List<DeadLetterView> stillParked = new ArrayList<>();
        for (DeadLetter parked : remaining) {
            stillParked.add(letters.find(parked.tenantId(), parked.letterId()).orElse(parked).view(false));
        }
        return new RetryOutcome(named.tenantId().value(), named.aggregateId(), applied, stillParked);
    }

    private static ProblemException unavailable(List<String> applied) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                "Read models unavailable", "The read models cannot be written right now; the letters not yet "
                + "applied stay parked. Retry later.", Map.of("applied", List.copyOf(applied)));
    }

    private void countParked(DeadLetterKind kind) {
        Counter.builder(PARKED_TOTAL_METRIC)
                .description("Records parked as dead letters, by why")
                .tag("kind", kind.wireName())
                .register(meters).increment();
    }

    private void countRetry(String outcome, int letters) {
        Counter.builder("nlre.projection.dead_letters.retried")
                .description("Dead letters operators retried, by outcome")
                .tag("outcome", outcome)
                .register(meters).increment(letters);
    }

    @Nullable
    private EventEnvelope parseOrNull(@Nullable String value) {
        try {
            return decoder.parse(value);
        } catch (MalformedEventException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable exception) {
        Throwable failure = exception;
        while (failure instanceof ListenerExecutionFailedException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? "(no message)" : failure.getMessage();
        return message.length() <= MAX_REASON_LENGTH ? message : message.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static String describeEvent(DeadLetter letter) {
        return letter.aggregateId() == null ? "not an event envelope"
                : "event " + letter.eventId() + ", " + letter.eventType() + " #" + letter.aggregateSequence() + " of "
                + letter.aggregateId();
    }

    private static String describe(DeadLetter letter) {
        return letter.aggregateId() == null ? "record " + letter.letterId() : "aggregate " + letter.aggregateId();
    }

    /** Runs work with the tenant in the logging context, as every log line about a tenant's record carries it. */
    private static <T> T inTenant(String tenantId, Supplier<T> work) {
        String previous = MDC.get(MetadataKeys.TENANT_ID);
        MDC.put(MetadataKeys.TENANT_ID, tenantId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                MDC.remove(MetadataKeys.TENANT_ID);
            } else {
                MDC.put(MetadataKeys.TENANT_ID, previous);
            }
        }
    }
}
