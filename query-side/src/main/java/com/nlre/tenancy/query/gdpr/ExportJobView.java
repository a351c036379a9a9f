package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Map;

/** A tenant export job as its tenant (or an operator) sees it. */
@Schema(name = "GdprExportJob")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportJobView(
        String exportId,
        String tenantId,
        ExportState state,
        @Schema(description = "Who asked for it: user id, API key id or operator name") String requestedBy,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Schema(description = "The job and its file are deleted at this time") Instant expiresAt,
        @Schema(description = "History events read from the event store so far") long eventsRead,
        @Schema(description = "Event-store position of the last history event read (0 before the first)")
        long position,
        @Schema(description = "Size of the ZIP in bytes, once completed") @Nullable Long sizeBytes,
        @Schema(description = "Records per file of the ZIP, once completed") @Nullable Map<String, Long> counts,
        @Schema(description = "Why the job failed") @Nullable String detail,
        @Schema(description = "Where to download the ZIP, once completed") @Nullable String downloadUrl) {

    /** The same job with its download link under {@code base} (the caller's exports route), once it has a file. */
    ExportJobView linkedUnder(String base) {
        return new ExportJobView(exportId, tenantId, state, requestedBy, createdAt, startedAt, finishedAt, expiresAt,
                eventsRead, position, sizeBytes, counts, detail,
                state == ExportState.COMPLETED ? base + "/" + exportId + "/download" : null);
    }
}
