package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.PageParameters;
import org.bson.Document;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.COLLECTION;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.CREATED_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.EXPIRES_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.ID;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.KEY_ID;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.REVOKED_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.TENANT_ID;

/**
 * Reads of the API keys read model, with status and rotation computed at the injected clock's now. Everything a
 * tenant sees is read through {@link TenantScopedMongo}; only {@link #tenantHolding(ApiKeyId)}, the probe after a
 * miss, reads across tenants.
 */
@Component
public class ApiKeyReadModel {

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo crossTenant;
    private final Clock clock;

    public ApiKeyReadModel(TenantScopedMongo mongo, CrossTenantMongo crossTenant, Clock clock) {
        this.mongo = mongo;
        this.crossTenant = crossTenant;
        this.clock = clock;
    }

    public Optional<ApiKeyView> find(TenantId tenantId, ApiKeyId keyId) {
        Instant now = clock.instant();
        return mongo.findOne(tenantId, COLLECTION, new Document(ID, ApiKeyDocuments.id(tenantId, keyId)))
                .map(document -> ApiKeyDocuments.toView(document, now));
    }

    /** The tenant's keys, newest first (ties by key id), optionally only those with the given status now. */
    public ApiKeyPage list(TenantId tenantId, @Nullable ApiKeyStatus status, PageParameters paging) {
        Instant now = clock.instant();
        Document filter = status == null ? new Document() : filterFor(status, Date.from(now));
        long total = mongo.count(tenantId, COLLECTION, filter);
        List<ApiKeyView> items = mongo.find(tenantId, COLLECTION, filter,
                        new Document(CREATED_AT, -1).append(KEY_ID, 1), paging.skip(), paging.size()).stream()
                .map(document -> ApiKeyDocuments.toView(document, now))
                .toList();
        return new ApiKeyPage(items, paging.page(), paging.size(), total, paging.totalPages(total));
    }

    /** Which tenant, if any, has a key with this id: asked only after the caller's own tenant had none. */
    public Optional<TenantId> tenantHolding(ApiKeyId keyId) {
        return crossTenant.findOne(CrossTenantPurpose.CROSS_TENANT_PROBE, COLLECTION,
                        new Document(KEY_ID, keyId.value()))
                .map(document -> document.getString(TENANT_ID))
                .filter(TenantId::isValid)
                .map(TenantId::new);
    }

    /** The same rule as {@link ApiKeyDocuments#statusAt}, as a query. */
    private static Document filterFor(ApiKeyStatus status, Date now) {
        return switch (status) {
            case REVOKED -> new Document(REVOKED_AT, new Document("$ne", null));
            case EXPIRED -> new Document(REVOKED_AT, null).append(EXPIRES_AT, new Document("$lte", now));
            case ACTIVE -> new Document(REVOKED_AT, null)
                    .append(EXPIRES_AT, new Document("$not", new Document("$lte", now)));
        };
    }
}
