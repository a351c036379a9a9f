package com.nlre.tenancy.query.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A parked record of the event topic, as platform operators see it. */
@Schema(name = "DeadLetter")
public record DeadLetterView(
        @Schema(description = "The event id, or record-<topic>-<partition>-<offset> for a record that is not an "
                + "event envelope") String letterId,
        String tenantId,
        @Schema(description = "Null for a record that is not an event envelope") String aggregateId,
        @Schema(description = "The event's position in its aggregate's stream") Long aggregateSequence,
        String eventId,
        String eventType,
        String topic,
        int partition,
        long offset,
        @Schema(description = "unprojectable-record, projection-error, or waiting-behind (never tried: an earlier "
                + "event of the same aggregate is parked)") DeadLetterKind kind,
        @Schema(description = "Class name of the failure; null while waiting behind another letter") String exception,
        @Schema(description = "The failure's message (never a stack trace), or the letter this one waits behind")
        String reason,
        @Schema(description = "Projection attempts so far") int attempts,
        Instant parkedAt,
        Instant lastAttemptAt,
        @Schema(description = "The letter id this one waits behind") String waitingBehind,
        @Schema(description = "The record's value exactly as consumed; only in the one-letter view")
        @JsonInclude(JsonInclude.Include.NON_NULL) String record) {
}
