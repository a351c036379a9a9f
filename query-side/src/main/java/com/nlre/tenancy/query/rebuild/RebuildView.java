package com.nlre.tenancy.query.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** A rebuild as operators see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RebuildView(
        String rebuildId,
        @Schema(description = "The one tenant rebuilt; absent when every tenant's read models are rebuilt")
        @Nullable String tenantId,
        RebuildState state,
        @Schema(description = "Events read from the event store and applied to the shadow generation")
        long eventsRead,
        @Schema(description = "Events that can never be projected (logged), skipped as the live consumer skips them")
        long eventsSkipped,
        @Schema(description = "Event-store position of the last event read")
        long position,
        @Schema(description = "The shadow generation being built (live after a completed rebuild of all)")
        long generation,
        Instant startedAt,
        @Nullable Instant finishedAt,
        @Schema(description = "What the switch did, or why the rebuild failed")
        @Nullable String detail) {
}
