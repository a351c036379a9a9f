package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.ApiKeyRevoked;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.COLLECTION;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.CREATED_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.CREATED_BY;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.DISPLAY_PREFIX;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.EXPIRES_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.ID;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.KEY_ID;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.LAST_FOUR;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.NAME;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.REVOKED_AT;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.REVOKED_BY;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.SCOPES;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.TENANT_ID;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.VERSION;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.date;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.id;
import static com.nlre.tenancy.query.apikey.ApiKeyDocuments.scopes;

/**
 * Keeps collection {@value ApiKeyDocuments#COLLECTION} from {@code ApiKeyIssued} and {@code ApiKeyRevoked}, scoped by
 * the event's tenant. Only what the events carry is stored: never the key or its hash.
 *
 * <p>Idempotent although key events share the tenant aggregate's sequence numbers: issuing inserts unless the key's
 * document exists; revoking updates only that key's document while its {@code version} is below the event's sequence.
 */
@Component
public class ApiKeyProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public ApiKeyProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(KEY_ID, Sort.Direction.ASC)
                .unique().named("tenantId_keyId_unique"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(CREATED_AT, Sort.Direction.DESC)
                .named("tenantId_createdAt"));
        // the cross-tenant probe after a miss looks a key id up without its tenant
        schema.ensureIndex(COLLECTION, new Index().on(KEY_ID, Sort.Direction.ASC).named("keyId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof ApiKeyIssued issued) {
            insert(issued, event);
        } else if (event.payload() instanceof ApiKeyRevoked revoked) {
            revoke(revoked, event);
        }
    }

    private void insert(ApiKeyIssued issued, ReceivedEvent event) {
        Instant createdAt = issued.createdAt() == null ? event.occurredAt() : issued.createdAt();
        Document key = new Document(ID, id(issued.tenantId(), issued.keyId()))
                .append(KEY_ID, issued.keyId().value())
                .append(NAME, issued.name())
                .append(DISPLAY_PREFIX, issued.displayPrefix())
                .append(LAST_FOUR, issued.lastFour())
                .append(SCOPES, scopes(issued.scopes()))
                .append(CREATED_BY, issued.createdBy())
                .append(CREATED_AT, date(createdAt))
                .append(EXPIRES_AT, date(issued.expiresAt()))
                .append(REVOKED_AT, null)
                .append(REVOKED_BY, null)
                .append(VERSION, event.sequence());
        if (!mongo.insertIfAbsent(issued.tenantId(), COLLECTION, key)) {
            log.debug("API key {} already exists: ApiKeyIssued was applied before", issued.keyId());
        }
    }

    private void revoke(ApiKeyRevoked revoked, ReceivedEvent event) {
        Document thisKey = new Document(ID, id(revoked.tenantId(), revoked.keyId()));
        Instant at = revoked.revokedAt() == null ? event.occurredAt() : revoked.revokedAt();
        boolean applied = mongo.updateOne(revoked.tenantId(), COLLECTION,
                new Document(thisKey).append(VERSION, new Document("$lt", event.sequence())),
                new Document("$set", new Document(REVOKED_AT, date(at))
                        .append(REVOKED_BY, revoked.revokedBy())
                        .append(VERSION, event.sequence())));
        if (!applied && !mongo.exists(revoked.tenantId(), COLLECTION, thisKey)) {
            log.warn("No API key document for {}: ApiKeyRevoked #{} ignored", revoked.keyId(), event.sequence());
        }
    }
}
