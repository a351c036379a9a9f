package com.nlre.tenancy.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of the security audit log, newest first. */
@Schema(name = "SecurityAuditPage")
public record SecurityAuditPage(
        List<SecurityAuditEntry> items,
        @Schema(description = "Zero-based page number") int page,
        int size,
        long totalItems,
        int totalPages) {
}
