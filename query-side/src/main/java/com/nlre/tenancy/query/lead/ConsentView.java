package com.nlre.tenancy.query.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Locale;

/** Consent to be called on one phone number, and the evidence it rests on. */
@Schema(name = "LeadConsent")
public record ConsentView(
        String phone,
        Status status,
        @Schema(description = "Null when a revocation is known but no consent was recorded") Evidence evidence,
        Instant recordedAt,
        @Schema(description = "When the consent was withdrawn; null while it is granted") Instant revokedAt) {

    /** Whether calling the number is consented to. */
    public enum Status {
        GRANTED, REVOKED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(@Nullable String value) {
            return GRANTED.wireName().equals(value) ? GRANTED : REVOKED;
        }
    }

    /**
     * Proof of prior express written consent.
     *
     * @param sourceIp only in the lead detail; never in lists
     */
    @Schema(name = "LeadConsentEvidence")
    public record Evidence(
            Instant givenAt,
            @Schema(description = "How it was given, e.g. web_form, signed_document") String method,
            @Schema(description = "Version of the consent wording agreed to") String consentTextVersion,
            @Schema(description = "Where it was captured, e.g. a form URL or campaign") String source,
            @Schema(description = "The address the consent came from, when captured online. Only in the lead detail "
                    + "(GET /api/v1/leads/{leadId}); lists leave it out")
            @JsonInclude(JsonInclude.Include.NON_NULL) String sourceIp) {
    }
}
