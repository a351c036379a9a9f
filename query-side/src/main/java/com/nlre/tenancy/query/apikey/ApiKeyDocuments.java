package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per API key, {@code _id} =
 * {@code tenantId + "/" + keyId} (unique index {@code {tenantId: 1, keyId: 1}} as well), scopes as permission wire
 * names, timestamps as BSON dates, {@code version} the tenant aggregate's sequence of the last event applied to the
 * key. Status and rotation are not stored: they depend on the time of reading.
 */
final class ApiKeyDocuments {

    static final String COLLECTION = "api_keys";
    /** Seed, Security Considerations: keys are rotated every 90 days. */
    static final Duration ROTATION_POLICY = Duration.ofDays(90);

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String KEY_ID = "keyId";
    static final String NAME = "name";
    static final String DISPLAY_PREFIX = "displayPrefix";
    static final String LAST_FOUR = "lastFour";
    static final String SCOPES = "scopes";
    static final String CREATED_BY = "createdBy";
    static final String CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String REVOKED_AT = "revokedAt";
    static final String REVOKED_BY = "revokedBy";
    static final String VERSION = "version";

    private ApiKeyDocuments() {
    }

    static String id(TenantId tenantId, ApiKeyId keyId) {
        return tenantId.value() + "/" + keyId.value();
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static List<String> scopes(@Nullable Collection<Permission> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return List.of();
        }
        return EnumSet.copyOf(scopes).stream().map(Permission::wireName).toList();
    }

    static ApiKeyStatus statusAt(Instant now, @Nullable Instant revokedAt, @Nullable Instant expiresAt) {
        if (revokedAt != null) {
            return ApiKeyStatus.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return ApiKeyStatus.EXPIRED;
        }
        return ApiKeyStatus.ACTIVE;
    }

    static ApiKeyView toView(Document document, Instant now) {
        Instant createdAt = instant(document, CREATED_AT);
        Instant expiresAt = instant(document, EXPIRES_AT);
        Instant revokedAt = instant(document, REVOKED_AT);
        ApiKeyStatus status = statusAt(now, revokedAt, expiresAt);
        Instant rotationDueAt = createdAt == null ? null : createdAt.plus(ROTATION_POLICY);
        return new ApiKeyView(
                document.getString(KEY_ID),
                document.getString(NAME),
                document.getString(DISPLAY_PREFIX),
                document.getString(LAST_FOUR),
                document.getList(SCOPES, String.class, List.of()).stream()
                        .flatMap(scope -> Permission.parse(scope).stream())
                        .toList(),
                document.getString(CREATED_BY),
                createdAt,
                expiresAt,
                revokedAt,
                document.getString(REVOKED_BY),
                status,
                rotationDueAt,
                status == ApiKeyStatus.ACTIVE && rotationDueAt != null && !rotationDueAt.isAfter(now),
                document.get(VERSION, Number.class).longValue());
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
