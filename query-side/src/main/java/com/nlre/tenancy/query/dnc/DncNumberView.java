package com.nlre.tenancy.query.dnc;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A number on the caller's tenant's do-not-call list: calls to it are refused. */
@Schema(name = "DoNotCallNumber")
public record DncNumberView(
        @Schema(description = "E.164") String phone,
        @Schema(description = "Why it was added, e.g. the person asked not to be called") String reason,
        Instant addedAt) {
}
