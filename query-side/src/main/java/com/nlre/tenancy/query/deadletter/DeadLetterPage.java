package com.nlre.tenancy.query.deadletter;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of dead letters, oldest parked first. */
@Schema(name = "DeadLetterPage")
public record DeadLetterPage(
        List<DeadLetterView> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
