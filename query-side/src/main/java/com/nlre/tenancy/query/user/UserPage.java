package com.nlre.tenancy.query.user;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a tenant's users, oldest first (the owner comes first). */
@Schema(name = "TenantUserPage")
public record UserPage(
        List<UserView> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
