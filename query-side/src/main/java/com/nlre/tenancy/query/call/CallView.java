package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallOutcome;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A call with a lead: one that was made and logged, or one a compliance rule refused ({@code blocked}). */
@Schema(name = "Call")
public record CallView(
        String callId,
        String leadId,
        CallDirection direction,
        @Schema(description = "The E.164 number called or calling") String phone,
        @Schema(description = "The tenant user who made or took the call") String agentId,
        @Schema(description = "When the call started or, if blocked, was attempted") Instant initiatedAt,
        @Schema(description = "Null for a blocked call") Integer durationSeconds,
        @Schema(description = "Null for a blocked call") CallOutcome outcome,
        String notes,
        boolean recorded,
        boolean transcribed,
        @Schema(description = "Whether a compliance rule refused the call; it was then not made") boolean blocked,
        @Schema(description = "The rule that refused a blocked call, e.g. CALL_OUTSIDE_CALLING_WINDOW; null otherwise")
        String rule,
        @Schema(description = "Why the rule refused it; null unless blocked") String reason,
        @Schema(description = "When the call was logged or refused") Instant loggedAt) {
}
