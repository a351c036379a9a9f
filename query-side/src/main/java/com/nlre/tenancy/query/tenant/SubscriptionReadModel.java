package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static com.nlre.tenancy.query.tenant.TenantDocuments.COLLECTION;

/**
 * A tenant's own subscription, read from its document in the tenants read model through {@link TenantScopedMongo}:
 * the tenant reads itself, so this is no cross-tenant read.
 */
@Component
public class SubscriptionReadModel {

    private final TenantScopedMongo mongo;

    public SubscriptionReadModel(TenantScopedMongo mongo) {
        this.mongo = mongo;
    }

    public Optional<SubscriptionView> find(TenantId tenantId) {
        return mongo.findOne(tenantId, COLLECTION, new Document()).map(TenantDocuments::toView)
                .map(SubscriptionView::of);
    }
}
