package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.Keyset;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageCursor;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.nlre.tenancy.query.lead.LeadDocuments.ASSIGNEE_USER_ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.COLLECTION;
import static com.nlre.tenancy.query.lead.LeadDocuments.CREATED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.DELETED;
import static com.nlre.tenancy.query.lead.LeadDocuments.ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.LEAD_ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.NAME_SORT;
import static com.nlre.tenancy.query.lead.LeadDocuments.SEARCH_TEXT;
import static com.nlre.tenancy.query.lead.LeadDocuments.STATUS;
import static com.nlre.tenancy.query.lead.LeadDocuments.TAGS;
import static com.nlre.tenancy.query.lead.LeadDocuments.TENANT_ID;

/**
 * Reads of the leads read model. Everything a tenant sees is read through {@link TenantScopedMongo} and leaves deleted
 * leads out; only {@link #tenantHolding}, the probe after a miss, reads across tenants.
 */
@Component
public class LeadReadModel {

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo crossTenant;

    public LeadReadModel(TenantScopedMongo mongo, CrossTenantMongo crossTenant) {
        this.mongo = mongo;
        this.crossTenant = crossTenant;
    }

    /** The tenant's lead with its full consent evidence; empty when unknown or deleted. */
    public Optional<LeadView> find(TenantId tenantId, LeadId leadId) {
        return mongo.findOne(tenantId, COLLECTION, visible(tenantId, leadId))
                .map(document -> LeadDocuments.toView(document, true));
    }

    /** Whether the tenant has this lead and it is not deleted. */
    public boolean exists(TenantId tenantId, LeadId leadId) {
        return mongo.exists(tenantId, COLLECTION, visible(tenantId, leadId));
    }

    /**
     * One page of the tenant's leads that match the filter, in the given order.
     *
     * @throws com.nlre.tenancy.web.ProblemException 400 for a cursor this list did not answer
     */
    public LeadPage list(TenantId tenantId, LeadFilter filter, LeadOrder order, CursorParameters paging) {
        Keyset.Position after = paging.cursor() == null ? null : position(order, paging.cursor());
        Keyset.Slice slice = Keyset.page(mongo, tenantId, COLLECTION, query(filter), order.keysetOrder(), after,
                paging.limit());
        List<LeadView> items = slice.documents().stream().map(document -> LeadDocuments.toView(document, false))
                .toList();
        String next = slice.more() ? cursorAfter(order, slice.documents().get(slice.documents().size() - 1)) : null;
        return new LeadPage(items, next);
    }

    /** How many of the tenant's leads, deleted ones left out, are at each stage. */
    public PipelineView pipeline(TenantId tenantId) {
        List<Document> groups = mongo.aggregate(tenantId, COLLECTION, List.of(
                new Document("$match", new Document(DELETED, false)),
                new Document("$group", new Document("_id", "$" + STATUS).append("count", new Document("$sum", 1)))));
        Map<LeadStatus, Long> counts = new EnumMap<>(LeadStatus.class);
        for (Document group : groups) {
            if (group.get("_id") instanceof String status && group.get("count") instanceof Number count) {
                parseStatus(status).ifPresent(known -> counts.merge(known, count.longValue(), Long::sum));
            }
        }
        List<PipelineView.Stage> stages = Arrays.stream(LeadStatus.values())
                .map(status -> new PipelineView.Stage(status, counts.getOrDefault(status, 0L)))
                .toList();
        return new PipelineView(stages, stages.stream().mapToLong(PipelineView.Stage::count).sum());
    }

    /**
     * Which tenant holds this lead id, asked after the caller's own tenant showed none: the caller's own tenant when
     * the id is its own deleted lead (not an attempt on anyone else), else any other tenant that has it. Lead ids are
     * chosen by clients, so several tenants may hold the same one; any of them is the answer.
     */
    public Optional<TenantId> tenantHolding(TenantId caller, LeadId leadId) {
        if (mongo.exists(caller, COLLECTION, new Document(ID, LeadDocuments.id(caller, leadId)))) {
            return Optional.of(caller);
        }
        return crossTenant.findOne(CrossTenantPurpose.CROSS_TENANT_PROBE, COLLECTION,
                        new Document(LEAD_ID, leadId.value()))
                .map(document -> document.getString(TENANT_ID))
                .filter(TenantId::isValid)
                .map(TenantId::new);
    }

    private static Document visible(TenantId tenantId, LeadId leadId) {
        return new Document(ID, LeadDocuments.id(tenantId, leadId)).append(DELETED, false);
    }

    /** The filter as a query; user input only ever appears as a compared value or as a quoted literal pattern. */
    static Document query(LeadFilter filter) {
        Document query = new Document(DELETED, false);
        if (filter.status() != null) {
            query.append(STATUS, filter.status().wireName());
        }
        if (filter.tag() != null) {
            query.append(TAGS, filter.tag());
        }
        if (filter.assignee() != null) {
            query.append(ASSIGNEE_USER_ID, LeadFilter.UNASSIGNED.equals(filter.assignee()) ? null : filter.assignee());
        }
        if (filter.createdFrom() != null || filter.createdTo() != null) {
            Document range = new Document();
            if (filter.createdFrom() != null) {
                range.append("$gte", Date.from(filter.createdFrom()));
            }
            if (filter.createdTo() != null) {
                range.append("$lt", Date.from(filter.createdTo()));
            }
            query.append(CREATED_AT, range);
        }
        if (filter.q() != null) {
            query.append(SEARCH_TEXT, new Document("$regex", LeadDocuments.searchPattern(filter.q())));
        }
        return query;
    }

    private static Keyset.Position position(LeadOrder order, String encoded) {
        PageCursor cursor = PageCursor.decode(encoded, order.wireName());
        if (!LeadId.isValid(cursor.id())) {
            throw PageCursor.invalid();
        }
        return new Keyset.Position(order.byTime() ? cursor.dateKey() : cursor.key(), cursor.id());
    }

    private static String cursorAfter(LeadOrder order, Document last) {
        String leadId = last.getString(LEAD_ID);
        if (order.byTime()) {
            return PageCursor.of(order.wireName(), last.getDate(CREATED_AT), leadId).encode();
        }
        String nameKey = last.getString(NAME_SORT);
        return new PageCursor(order.wireName(), nameKey == null ? "" : nameKey, leadId).encode();
    }

    private static Optional<LeadStatus> parseStatus(String value) {
        try {
            return Optional.of(LeadStatus.fromWireName(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
