package com.nlre.tenancy.query.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.nlre.tenancy.query.call.CallView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One lead with its full consent evidence and its most recent calls, blocked ones included. */
@Schema(name = "LeadDetail")
public record LeadDetail(
        @JsonUnwrapped LeadView lead,
        @Schema(description = "The " + LeadDetail.RECENT_CALLS + " latest calls and refused calls, newest first; "
                + "GET /api/v1/leads/{leadId}/calls pages through all of them") List<CallView> recentCalls) {

    public static final int RECENT_CALLS = 10;
}
