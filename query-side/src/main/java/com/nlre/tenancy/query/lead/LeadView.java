package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A lead of the caller's tenant: a property owner to contact, with its place in the pipeline and its consent. */
@Schema(name = "Lead")
public record LeadView(
        @Schema(description = "Unique within the tenant; client-supplied on import or generated (lead_…)")
        String leadId,
        String name,
        @Schema(description = "E.164 numbers, the first is the primary one") List<String> phones,
        String email,
        PropertyAddress propertyAddress,
        @Schema(description = "The lead's IANA time zone when known, e.g. America/Chicago") String timezone,
        @Schema(description = "Where the lead came from, e.g. a list or campaign") String source,
        @Schema(description = "Sorted alphabetically") List<String> tags,
        LeadStatus status,
        @Schema(description = "The tenant user the lead is assigned to; null when unassigned") String assigneeUserId,
        @Schema(description = "Written consent to be called, per phone number (TCPA)") List<ConsentView> consent,
        @Schema(description = "Calls logged with the lead") long callCount,
        @Schema(description = "Calls refused by a compliance rule") long blockedCallCount,
        @Schema(description = "Start of the latest logged call; null before the first") Instant lastCallAt,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Sequence number, in the lead's own stream, of its last change; compare with a "
                + "consistency token") long version) {

    @Schema(name = "LeadPropertyAddress")
    public record PropertyAddress(String street, String city, String state, String postalCode) {
    }
}
