package com.nlre.tenancy.query.user;

import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
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
import java.util.List;
import java.util.Optional;

import static com.nlre.tenancy.query.user.UserDocuments.COLLECTION;
import static com.nlre.tenancy.query.user.UserDocuments.CREATED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.ID;
import static com.nlre.tenancy.query.user.UserDocuments.ROLE;
import static com.nlre.tenancy.query.user.UserDocuments.STATUS;
import static com.nlre.tenancy.query.user.UserDocuments.TENANT_ID;
import static com.nlre.tenancy.query.user.UserDocuments.USER_ID;

/**
 * Reads of the users read model. Everything a tenant sees is read through {@link TenantScopedMongo}; only
 * {@link #tenantHolding(UserId)}, the probe after a miss, reads across tenants.
 */
@Component
public class UserReadModel {

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo crossTenant;
    private final Clock clock;

    public UserReadModel(TenantScopedMongo mongo, CrossTenantMongo crossTenant, Clock clock) {
        this.mongo = mongo;
        this.crossTenant = crossTenant;
        this.clock = clock;
    }

    /** The tenant's user, including a removed user's tombstone. */
    public Optional<UserView> find(TenantId tenantId, UserId userId) {
        Instant now = clock.instant();
        return mongo.findOne(tenantId, COLLECTION, new Document(ID, UserDocuments.id(tenantId, userId)))
                .map(document -> UserDocuments.toView(document, now));
    }

    /**
     * The tenant's users, oldest first (ties by user id), optionally narrowed to a role and a status. Without a
     * status, removed users are left out; {@code status=removed} lists them.
     */
    public UserPage list(TenantId tenantId, @Nullable Role role, @Nullable UserStatus status, PageParameters paging) {
        Document filter = new Document();
        if (role != null) {
            filter.append(ROLE, role.wireName());
        }
        filter.append(STATUS, status != null ? status.wireName()
                : new Document("$ne", UserStatus.REMOVED.wireName()));
        long total = mongo.count(tenantId, COLLECTION, filter);
        Instant now = clock.instant();
        List<UserView> items = mongo.find(tenantId, COLLECTION, filter,
                        new Document(CREATED_AT, 1).append(USER_ID, 1), paging.skip(), paging.size()).stream()
                .map(document -> UserDocuments.toView(document, now))
                .toList();
        return new UserPage(items, paging.page(), paging.size(), total, paging.totalPages(total));
    }

    /** Which tenant, if any, has a user with this id: asked only after the caller's own tenant had none. */
    public Optional<TenantId> tenantHolding(UserId userId) {
        return crossTenant.findOne(CrossTenantPurpose.CROSS_TENANT_PROBE, COLLECTION,
                        new Document(USER_ID, userId.value()))
                .map(document -> document.getString(TENANT_ID))
                .filter(TenantId::isValid)
                .map(TenantId::new);
    }
}
