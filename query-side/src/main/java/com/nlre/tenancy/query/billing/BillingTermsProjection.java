package com.nlre.tenancy.query.billing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Keeps collection {@value #COLLECTION}: one entry per tenant event that changes how the tenant is billed (created,
 * plan changed, time zone changed, canceled), {@code _id} = {@code <tenantId>/<eventId>}, inserted only if absent, so
 * redelivery never changes it. {@link #termsOf} turns a tenant's entries into its {@link BillingTerms}.
 */
@Component
public class BillingTermsProjection implements Projection {

    static final String COLLECTION = "billing_terms";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;
    private final ObjectMapper json;

    public BillingTermsProjection(TenantScopedMongo mongo, MongoSchema schema, ObjectMapper json) {
        this.mongo = mongo;
        this.schema = schema;
        this.json = json;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on("sequence", Sort.Direction.ASC).named("tenantId_sequence"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        Object payload = event.payload();
        if (payload instanceof TenantCreated created) {
            record(event, created.plan(), created.limits(), created.pricing(),
                    created.configuration() == null ? null : created.configuration().timezone(), false);
        } else if (payload instanceof TenantPlanChanged changed) {
            record(event, changed.plan(), changed.limits(), changed.pricing(), null, false);
        } else if (payload instanceof TenantConfigurationUpdated updated) {
            record(event, null, null, null, updated.configuration().timezone(), false);
        } else if (payload instanceof TenantCanceled) {
            record(event, null, null, null, null, true);
        }
    }

    public BillingTerms termsOf(TenantId tenantId) {
        List<Document> entries = mongo.find(tenantId, COLLECTION, new Document(), new Document("sequence", 1), 0,
                10_000);
        return new BillingTerms(entries.stream().map(this::change).toList());
    }

    private void record(ReceivedEvent event, @Nullable Plan plan, @Nullable PlanLimits limits,
                        @Nullable PlanPricing pricing, @Nullable String zone, boolean ends) {
        Document entry = new Document("_id", event.tenantId().value() + "/" + event.envelope().eventId())
                .append("sequence", event.sequence())
                .append("at", Date.from(event.occurredAt()))
                .append("ends", ends);
        if (plan != null) {
            entry.append("plan", plan.wireName())
                    .append("limits", new Document(json.convertValue(limits, MAP)))
                    .append("pricing", pricing == null ? null : new Document(json.convertValue(pricing, MAP)));
        }
        if (zone != null) {
            entry.append("zone", zone);
        }
        mongo.insertIfAbsent(event.tenantId(), COLLECTION, entry);
    }

    private BillingTerms.Change change(Document entry) {
        String plan = entry.getString("plan");
        Document limits = entry.get("limits", Document.class);
        Document pricing = entry.get("pricing", Document.class);
        String zone = entry.getString("zone");
        return new BillingTerms.Change(((Number) entry.get("sequence")).longValue(), entry.getDate("at").toInstant(),
                plan == null ? null : Plan.fromWireName(plan),
                limits == null ? null : json.convertValue(limits, PlanLimits.class),
                plan == null ? null : pricing == null ? UNPRICED : json.convertValue(pricing, PlanPricing.class),
                zone == null ? null : ZoneId.of(zone), Boolean.TRUE.equals(entry.getBoolean("ends")));
    }

    /** Plans set before prices travelled with them cost nothing through the platform. */
    private static final PlanPricing UNPRICED = new PlanPricing("USD", 0, List.of());
}
