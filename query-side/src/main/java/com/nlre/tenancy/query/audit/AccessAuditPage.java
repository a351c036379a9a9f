package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.audit.AccessRecord;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;

/** One page of the access audit trail, newest first. */
@Schema(name = "AccessAuditPage")
public record AccessAuditPage(
        List<AccessRecord> items,
        @Schema(description = "Pass as cursor for the next page; absent on the last page") @Nullable String nextCursor) {
}
