package com.nlre.tenancy.query.dnc;

import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static com.nlre.tenancy.query.dnc.DncDocuments.ADDED_AT;
import static com.nlre.tenancy.query.dnc.DncDocuments.COLLECTION;
import static com.nlre.tenancy.query.dnc.DncDocuments.ID;
import static com.nlre.tenancy.query.dnc.DncDocuments.PHONE;
import static com.nlre.tenancy.query.dnc.DncDocuments.REASON;
import static com.nlre.tenancy.query.dnc.DncDocuments.REMOVED;
import static com.nlre.tenancy.query.dnc.DncDocuments.REMOVED_AT;
import static com.nlre.tenancy.query.dnc.DncDocuments.TENANT_ID;
import static com.nlre.tenancy.query.dnc.DncDocuments.VERSION;
import static com.nlre.tenancy.query.dnc.DncDocuments.date;

/**
 * Keeps collection {@value DncDocuments#COLLECTION} from {@code DoNotCallNumberAdded} and
 * {@code DoNotCallNumberRemoved}, scoped by the event's tenant. A tenant's do-not-call events form one stream
 * (aggregate {@code <tenantId>.dnc}) delivered in order: an event inserts its number's document if there is none,
 * else changes it only while its {@code version} is below the event's sequence. A redelivered or replayed event
 * therefore changes nothing, and a number added, removed and added again ends as the last event left it.
 */
@Component
public class DncProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(DncProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public DncProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(PHONE, Sort.Direction.ASC)
                .unique().named("tenantId_phone_unique"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof DoNotCallNumberAdded added) {
            Instant at = added.addedAt() == null ? event.occurredAt() : added.addedAt();
            apply(added.tenantId(), added.phone(), new Document(REASON, added.reason())
                    .append(ADDED_AT, date(at))
                    .append(REMOVED, false)
                    .append(REMOVED_AT, null), event);
        } else if (event.payload() instanceof DoNotCallNumberRemoved removed) {
            Instant at = removed.removedAt() == null ? event.occurredAt() : removed.removedAt();
            apply(removed.tenantId(), removed.phone(), new Document(REMOVED, true)
                    .append(REMOVED_AT, date(at)), event);
        }
    }

    private void apply(TenantId tenantId, @Nullable String phone, Document fields, ReceivedEvent event) {
        if (phone == null || phone.isBlank()) {
            log.warn("{} #{} names no phone number: ignored", event.payload().getClass().getSimpleName(),
                    event.sequence());
            return;
        }
        Document thisNumber = new Document(ID, DncDocuments.id(tenantId, phone));
        Document inserted = new Document(thisNumber).append(PHONE, phone)
                .append(REASON, null).append(ADDED_AT, null);
        inserted.putAll(fields);
        inserted.append(VERSION, event.sequence());
        if (mongo.insertIfAbsent(tenantId, COLLECTION, inserted)) {
            return;
        }
        mongo.updateOne(tenantId, COLLECTION,
                new Document(thisNumber).append(VERSION, new Document("$lt", event.sequence())),
                new Document("$set", new Document(fields).append(VERSION, event.sequence())));
    }
}
