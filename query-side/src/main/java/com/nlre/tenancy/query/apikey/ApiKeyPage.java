package com.nlre.tenancy.query.apikey;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a tenant's API keys, newest first. */
@Schema(name = "ApiKeyPage")
public record ApiKeyPage(
        List<ApiKeyView> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
