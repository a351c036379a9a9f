package com.nlre.tenancy.query.call;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of calls, newest first. */
@Schema(name = "CallPage")
public record CallPage(
        List<CallView> items,
        @Schema(description = "Pass as cursor (with the same filters) for the next page; null on the last page")
        String nextCursor) {
}
