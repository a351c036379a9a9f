package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.identity.Permission;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An API key of the caller's tenant as its list shows it: never the key, only its prefix and last four characters. */
@Schema(name = "ApiKey")
public record ApiKeyView(
        String keyId,
        String name,
        @Schema(description = "The key's non-secret beginning, e.g. nlre_tenant_k3v9q2m8x4t7c1bd_sk_live_")
        String displayPrefix,
        @Schema(description = "The key's last four characters") String lastFour,
        @Schema(description = "What the key may do, as permission names") List<Permission> scopes,
        @Schema(description = "Id of the user who issued the key") String createdBy,
        Instant createdAt,
        @Schema(description = "Null when the key does not expire") Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        @Schema(description = "active, revoked or expired, as of this answer") ApiKeyStatus status,
        @Schema(description = "When the 90-day rotation policy asks for a new key") Instant rotationDueAt,
        @Schema(description = "Active and older than the 90-day rotation policy: replace it") boolean rotationDue,
        @Schema(description = "Sequence number of the tenant's last change to this key") long version) {
}
