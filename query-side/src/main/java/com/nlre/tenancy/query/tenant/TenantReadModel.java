package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.web.security.TenantStanding;
import org.bson.Document;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static com.nlre.tenancy.query.tenant.TenantDocuments.COLLECTION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.CREATED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.ID;
import static com.nlre.tenancy.query.tenant.TenantDocuments.PLAN;
import static com.nlre.tenancy.query.tenant.TenantDocuments.STATUS;
import static com.nlre.tenancy.query.tenant.TenantDocuments.TENANT_ID;
import static com.nlre.tenancy.query.tenant.TenantDocuments.VERSION;

/**
 * Reads of the tenants read model, a platform collection: every read goes through the audited
 * {@link CrossTenantMongo} path. Only typed, validated values ever reach a query.
 */
@Component
public class TenantReadModel {

    private final CrossTenantMongo mongo;

    public TenantReadModel(CrossTenantMongo mongo) {
        this.mongo = mongo;
    }

    /** One tenant, for a platform operator. */
    public Optional<TenantView> find(TenantId tenantId) {
        return mongo.findOne(CrossTenantPurpose.OPERATOR_QUERY, COLLECTION, new Document(ID, tenantId.value()))
                .map(TenantDocuments::toView);
    }

    /**
     * The tenant's status and plan as projected, for the edge's tenant checks, with the sequence number of the last
     * tenant event applied; empty for a tenant not projected (yet).
     */
    public Optional<TenantStanding> standingOf(TenantId tenantId) {
        return mongo.findOne(CrossTenantPurpose.TENANT_STATUS, COLLECTION, new Document(ID, tenantId.value()))
                .flatMap(document -> TenantStatus.parse(document.getString(STATUS))
                        .flatMap(status -> Plan.parse(document.getString(PLAN))
                                .map(plan -> new TenantStanding(status, plan,
                                        ((Number) document.get(VERSION)).longValue()))));
    }

    /**
     * Tenants newest first (ties by tenant id), optionally narrowed to one status and/or plan; for platform
     * operators.
     *
     * @param page zero-based
     * @param size items per page, at least 1
     */
    public TenantPage list(@Nullable TenantStatus status, @Nullable Plan plan, int page, int size) {
        Document filter = new Document();
        if (status != null) {
            filter.append(STATUS, status.wireName());
        }
        if (plan != null) {
            filter.append(PLAN, plan.wireName());
        }
        long total = mongo.count(CrossTenantPurpose.OPERATOR_QUERY, COLLECTION, filter);
        List<TenantView> items = mongo.find(CrossTenantPurpose.OPERATOR_QUERY, COLLECTION, filter,
                        new Document(CREATED_AT, -1).append(TENANT_ID, 1), (long) page * size, size).stream()
                .map(TenantDocuments::toView)
                .toList();
        int totalPages = (int) Math.min(Integer.MAX_VALUE, (total + size - 1) / size);
        return new TenantPage(items, page, size, total, totalPages);
    }
}
