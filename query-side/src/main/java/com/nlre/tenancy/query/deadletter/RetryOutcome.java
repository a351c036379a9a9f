package com.nlre.tenancy.query.deadletter;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What retrying an aggregate's dead letters came to. */
@Schema(name = "DeadLetterRetry")
public record RetryOutcome(
        String tenantId,
        @Schema(description = "The aggregate retried; null for a record that is not an event envelope")
        String aggregateId,
        @Schema(description = "True when every letter of the aggregate was applied") boolean completed,
        @Schema(description = "Letter ids projected and removed, in the order they were applied") List<String> applied,
        @Schema(description = "The letters still parked, in order (the first with the new failure); empty when "
                + "completed") List<DeadLetterView> stillParked) {

    public RetryOutcome(String tenantId, String aggregateId, List<String> applied, List<DeadLetterView> stillParked) {
        this(tenantId, aggregateId, stillParked.isEmpty(), List.copyOf(applied), List.copyOf(stillParked));
    }
}
