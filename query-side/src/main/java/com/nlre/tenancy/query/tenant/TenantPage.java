package com.nlre.tenancy.query.tenant;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of tenants, newest first. */
@Schema(name = "TenantPage")
public record TenantPage(
        List<TenantView> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
