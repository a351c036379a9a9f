package com.nlre.tenancy.query.billing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps collection {@value #COLLECTION}: each issued invoice as issued, {@code _id} = {@code <tenantId>/<invoiceId>},
 * inserted only if absent (an invoice never changes), and answers a tenant's invoices.
 */
@Component
public class InvoiceProjection implements Projection {

    static final String COLLECTION = "invoices";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;
    private final ObjectMapper json;

    public InvoiceProjection(TenantScopedMongo mongo, MongoSchema schema, ObjectMapper json) {
        this.mongo = mongo;
        this.schema = schema;
        this.json = json;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index().on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC)
                .on("period", Sort.Direction.DESC).named("tenantId_period"));
        schema.ensureIndex(COLLECTION, new Index().on("period", Sort.Direction.DESC)
                .on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC).named("period_tenantId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof InvoiceIssued issued) {
            Document invoice = new Document(json.convertValue(issued, MAP));
            invoice.remove("tenantId");
            invoice.put("_id", id(issued.tenantId(), issued.invoiceId()));
            mongo.insertIfAbsent(issued.tenantId(), COLLECTION, invoice);
        }
    }

    /** The tenant's invoices, newest month first. */
    public List<InvoiceView> invoicesOf(TenantId tenantId, int limit) {
        return mongo.find(tenantId, COLLECTION, new Document(), new Document("period", -1), 0, limit).stream()
                .map(this::view).toList();
    }

    public Optional<InvoiceView> invoiceOf(TenantId tenantId, InvoiceId invoiceId) {
        return mongo.findOne(tenantId, COLLECTION, new Document("_id", id(tenantId, invoiceId))).map(this::view);
    }

    /** What each issued invoice accounted for, for the next invoice's adjustments. */
    public List<InvoiceCalculator.Issued> issuedOf(TenantId tenantId) {
        return mongo.find(tenantId, COLLECTION, new Document(), new Document("period", 1), 0, 10_000).stream()
                .map(this::view)
                .map(invoice -> {
                    Map<YearMonth, Long> adjusted = new HashMap<>();
                    invoice.lines().stream()
                            .filter(line -> line.kind() == InvoiceLine.Kind.ADJUSTMENT)
                            .forEach(line -> adjusted.merge(YearMonth.parse(line.forPeriod()), line.quantity(),
                                    Long::sum));
                    return new InvoiceCalculator.Issued(YearMonth.parse(invoice.period()),
                            invoice.billedUsage().getOrDefault(InvoiceCalculator.CALLS, 0L), adjusted);
                })
                .toList();
    }

    InvoiceView view(Document document) {
        Document copy = new Document(document);
        copy.remove("_id");
        return json.convertValue(copy, InvoiceView.class);
    }

    static String id(TenantId tenantId, InvoiceId invoiceId) {
        return tenantId.value() + "/" + invoiceId.value();
    }
}
