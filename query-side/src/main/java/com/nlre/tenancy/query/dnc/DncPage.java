package com.nlre.tenancy.query.dnc;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of the tenant's do-not-call list, by number. */
@Schema(name = "DoNotCallPage")
public record DncPage(
        List<DncNumberView> items,
        @Schema(description = "Pass as cursor for the next page; null on the last page") String nextCursor) {
}
