package com.nlre.tenancy.query.deadletter;

import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * One parked record of the event topic, as stored in {@value DeadLetters#COLLECTION}.
 *
 * @param letterId          the event id, or {@code record-<topic>-<partition>-<offset>} for a record that is not an
 *                          envelope
 * @param aggregateId       null for a record that is not an envelope (it then holds back no aggregate)
 * @param aggregateSequence null with aggregateId
 * @param exception         the failure's class name; null for a letter waiting behind another
 * @param reason            the failure's message (without stack trace), or which letter this one waits behind
 * @param attempts          how often projecting it was tried (0 while it waits behind another)
 * @param waitingBehind     the letter id it waits behind, for {@link DeadLetterKind#WAITING_BEHIND}
 * @param key               the record's key (the producer sets the tenant id)
 * @param record            the record's value exactly as consumed (an envelope as JSON, or whatever arrived)
 */
public record DeadLetter(String letterId, TenantId tenantId, @Nullable String aggregateId,
                         @Nullable Long aggregateSequence, @Nullable String eventId, @Nullable String eventType,
                         String topic, int partition, long offset, DeadLetterKind kind, @Nullable String exception,
                         String reason, int attempts, Instant parkedAt, Instant lastAttemptAt,
                         @Nullable String waitingBehind, @Nullable String key, @Nullable String record) {

    /** What operators see; the record's value only when asked for one letter. */
    public DeadLetterView view(boolean withRecord) {
        return new DeadLetterView(letterId, tenantId.value(), aggregateId, aggregateSequence, eventId, eventType, topic,
                partition, offset, kind, exception, reason, attempts, parkedAt, lastAttemptAt, waitingBehind,
                withRecord ? record : null);
    }
}
