package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** How many of the tenant's leads (deleted ones left out) are at each stage of the pipeline. */
@Schema(name = "LeadPipeline")
public record PipelineView(
        @Schema(description = "Every stage, in pipeline order, zeros included") List<Stage> stages,
        long total) {

    @Schema(name = "LeadPipelineStage")
    public record Stage(LeadStatus status, long count) {
    }
}
