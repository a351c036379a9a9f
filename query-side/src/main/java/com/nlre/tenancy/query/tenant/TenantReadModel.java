package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

/**
 * Reads of the tenants read model. Only typed, validated values ever reach a query; a single tenant is read by its
 * id only. Listing spans tenants and so is for platform operators alone.
 */
@Component
public class TenantReadModel {

    private final MongoOperations mongo;

    public TenantReadModel(MongoOperations mongo) {
        this.mongo = mongo;
    }

    public Optional<TenantView> find(TenantId tenantId) {
        Document document = mongo.findOne(Query.query(Criteria.where(ID).is(tenantId.value())), Document.class,
                COLLECTION);
        return Optional.ofNullable(document).map(TenantDocuments::toView);
    }

    /**
     * Tenants newest first (ties by tenant id), optionally narrowed to one status and/or plan.
     *
     * @param page zero-based
     * @param size items per page, at least 1
     */
    public TenantPage list(@Nullable TenantStatus status, @Nullable Plan plan, int page, int size) {
        Criteria criteria = new Criteria();
        if (status != null) {
            criteria = criteria.and(STATUS).is(status.wireName());
        }
        if (plan != null) {
            criteria = criteria.and(PLAN).is(plan.wireName());
        }
        long total = mongo.count(Query.query(criteria), COLLECTION);
        Query pageQuery = Query.query(criteria)
                .with(Sort.by(Sort.Order.desc(CREATED_AT), Sort.Order.asc(TENANT_ID)))
                .skip((long) page * size)
                .limit(size);
        List<TenantView> items = mongo.find(pageQuery, Document.class, COLLECTION).stream()
                .map(TenantDocuments::toView)
                .toList();
        int totalPages = (int) Math.min(Integer.MAX_VALUE, (total + size - 1) / size);
        return new TenantPage(items, page, size, total, totalPages);
    }
}
