package com.nlre.tenancy.query.lead;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a tenant's leads. */
@Schema(name = "LeadPage")
public record LeadPage(
        List<LeadView> items,
        @Schema(description = "Pass as cursor (with the same filters and sort) for the next page; null on the last "
                + "page") String nextCursor) {
}
