package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

import static com.nlre.tenancy.query.tenant.TenantDocuments.BRANDING;
import static com.nlre.tenancy.query.tenant.TenantDocuments.BUSINESS_NAME;
import static com.nlre.tenancy.query.tenant.TenantDocuments.BUSINESS_TYPE;
import static com.nlre.tenancy.query.tenant.TenantDocuments.CANCELED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.COLLECTION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.CONFIGURATION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.CREATED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.ID;
import static com.nlre.tenancy.query.tenant.TenantDocuments.LIMITS;
import static com.nlre.tenancy.query.tenant.TenantDocuments.OFFBOARDED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.OWNER;
import static com.nlre.tenancy.query.tenant.TenantDocuments.PLAN;
import static com.nlre.tenancy.query.tenant.TenantDocuments.RETENTION_ENDS_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.STATUS;
import static com.nlre.tenancy.query.tenant.TenantDocuments.STATUS_REASON;
import static com.nlre.tenancy.query.tenant.TenantDocuments.SUBSCRIPTION_ENDS_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.SUSPENDED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.TENANT_ID;
import static com.nlre.tenancy.query.tenant.TenantDocuments.TRIAL_ENDS_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.UPDATED_AT;
import static com.nlre.tenancy.query.tenant.TenantDocuments.VERSION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.date;
import static com.nlre.tenancy.query.tenant.TenantDocuments.nested;

/**
 * Keeps collection {@value TenantDocuments#COLLECTION} from the tenant lifecycle events.
 *
 * <p>Idempotent by aggregate sequence: {@code TenantCreated} inserts the document (a duplicate key means it was
 * already applied); every later event updates only a document whose {@code version} is below the event's sequence
 * and sets {@code version} to it, so a redelivered, replayed or stale event changes nothing.
 *
 * <p>A trial or subscription that ends ({@code TenantTrialEnded}, {@code TenantSubscriptionLapsed}) shows through
 * the {@code TenantSuspended} that follows it, whose reason says which end it was; a renewal through the
 * {@code TenantSubscriptionChanged} and {@code TenantReactivated} that follow it.
 *
 * <p>Cancellation shows its retention end ({@code retentionEndsAt}; for a cancellation recorded without one,
 * {@code canceledAt} plus {@code nlre.offboarding.retention}). {@code TenantOffboarded} keeps the document as the
 * registry's record that the tenant existed, with status {@code offboarded} and its dates, and removes what it held of
 * the tenant's own data (business name, owner, configuration, branding); the tenant's other read models are deleted by
 * {@code TenantDataPurge}.
 *
 * <p>{@code tenants} is a platform collection (operators list it across tenants), but each event writes only its
 * own tenant's document, through {@link TenantScopedMongo} scoped by the event's tenant.
 */
@Component
public class TenantProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(TenantProjection.class);

    /** The retention period of the platform's default configuration. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;
    private final Duration retention;

    /** With the default retention period (for code and tests without Spring). */
    public TenantProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this(mongo, schema, DEFAULT_RETENTION);
    }

    /** @param retention dates cancellations recorded before their retention end was (the command side's setting) */
    @Autowired
    public TenantProjection(TenantScopedMongo mongo, MongoSchema schema,
                            @Value("${nlre.offboarding.retention:P30D}") Duration retention) {
        this.mongo = mongo;
        this.schema = schema;
        this.retention = retention;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index().on(TENANT_ID, Sort.Direction.ASC).unique().named("tenantId_unique"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(STATUS, Sort.Direction.ASC)
                .on(PLAN, Sort.Direction.ASC)
                .on(CREATED_AT, Sort.Direction.DESC)
                .named("status_plan_createdAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(CREATED_AT, Sort.Direction.DESC)
                .on(TENANT_ID, Sort.Direction.ASC)
                .named("createdAt_tenantId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        TenantEvent payload = event.payload();
        if (payload instanceof TenantCreated created) {
            insert(created, event);
            return;
        }
        Document changes = changeFor(payload, event);
        if (changes != null) {
            applyIfNewer(changes, event);
        }
    }

    private void insert(TenantCreated created, ReceivedEvent event) {
        Instant createdAt = orOccurredAt(created.createdAt(), event);
        Document tenant = new Document(ID, created.tenantId().value())
                .append(BUSINESS_NAME, created.businessName())
                .append(BUSINESS_TYPE, created.businessType() == null ? null : created.businessType().wireName())
                .append(OWNER, nested(created.owner()))
                .append(PLAN, created.plan() == null ? null : created.plan().wireName())
                .append(LIMITS, nested(created.limits()))
                .append(STATUS, TenantStatus.ACTIVE.wireName())
                .append(STATUS_REASON, null)
                .append(TRIAL_ENDS_AT, date(created.trialEndsAt()))
                .append(SUBSCRIPTION_ENDS_AT, date(created.subscriptionEndsAt()))
                .append(CONFIGURATION, nested(created.configuration()))
                .append(BRANDING, nested(created.branding()))
                .append(CREATED_AT, date(createdAt))
                .append(UPDATED_AT, date(createdAt))
                .append(SUSPENDED_AT, null)
                .append(CANCELED_AT, null)
                .append(RETENTION_ENDS_AT, null)
                .append(OFFBOARDED_AT, null)
                .append(VERSION, event.sequence());
        if (!mongo.insertIfAbsent(created.tenantId(), COLLECTION, tenant)) {
            log.debug("Tenant {} already exists: TenantCreated was applied before", created.tenantId());
        }
    }

    /** The fields an event sets on an existing tenant document, or null for events this read model ignores. */
    @Nullable
    private Document changeFor(TenantEvent payload, ReceivedEvent event) {
        if (payload instanceof TenantPlanChanged changed) {
            return new Document()
                    .append(PLAN, changed.plan() == null ? null : changed.plan().wireName())
                    .append(LIMITS, nested(changed.limits()))
                    .append(UPDATED_AT, date(orOccurredAt(changed.changedAt(), event)));
        }
        if (payload instanceof TenantConfigurationUpdated updated) {
            return new Document()
                    .append(CONFIGURATION, nested(updated.configuration()))
                    .append(UPDATED_AT, date(orOccurredAt(updated.updatedAt(), event)));
        }
        if (payload instanceof TenantBrandingUpdated updated) {
            return new Document()
                    .append(BRANDING, nested(updated.branding()))
                    .append(UPDATED_AT, date(orOccurredAt(updated.updatedAt(), event)));
        }
        if (payload instanceof TenantSuspended suspended) {
            Instant at = orOccurredAt(suspended.suspendedAt(), event);
            return new Document()
                    .append(STATUS, TenantStatus.SUSPENDED.wireName())
                    .append(STATUS_REASON, suspended.reason())
                    .append(SUSPENDED_AT, date(at))
                    .append(UPDATED_AT, date(at));
        }
        if (payload instanceof TenantReactivated reactivated) {
            return new Document()
                    .append(STATUS, TenantStatus.ACTIVE.wireName())
                    .append(STATUS_REASON, null)
                    .append(SUSPENDED_AT, null)
                    .append(UPDATED_AT, date(orOccurredAt(reactivated.reactivatedAt(), event)));
        }
        if (payload instanceof TenantSubscriptionChanged changed) {
            return new Document()
                    .append(TRIAL_ENDS_AT, date(changed.trialEndsAt()))
                    .append(SUBSCRIPTION_ENDS_AT, date(changed.subscriptionEndsAt()))
                    .append(UPDATED_AT, date(orOccurredAt(changed.changedAt(), event)));
        }
        if (payload instanceof TenantCanceled canceled) {
            Instant at = orOccurredAt(canceled.canceledAt(), event);
            Instant retentionEndsAt = canceled.retentionEndsAt() != null ? canceled.retentionEndsAt()
                    : at.plus(retention);
            return new Document()
                    .append(STATUS, TenantStatus.CANCELED.wireName())
                    .append(STATUS_REASON, canceled.reason())
                    .append(CANCELED_AT, date(at))
                    .append(RETENTION_ENDS_AT, date(retentionEndsAt))
                    .append(UPDATED_AT, date(at));
        }
        if (payload instanceof TenantOffboarded offboarded) {
            Instant at = orOccurredAt(offboarded.offboardedAt(), event);
            return new Document()
                    .append(STATUS, TenantStatus.OFFBOARDED.wireName())
                    .append(STATUS_REASON, offboarded.earlyReason())
                    .append(CANCELED_AT, date(offboarded.canceledAt()))
                    .append(RETENTION_ENDS_AT, date(offboarded.retentionEndedAt()))
                    .append(OFFBOARDED_AT, date(at))
                    .append(BUSINESS_NAME, null)
                    .append(OWNER, null)
                    .append(CONFIGURATION, null)
                    .append(BRANDING, null)
                    .append(UPDATED_AT, date(at));
        }
        return null;
    }

    private void applyIfNewer(Document changes, ReceivedEvent event) {
        TenantId tenantId = event.tenantId();
        boolean applied = mongo.updateOne(tenantId, COLLECTION,
                new Document(ID, tenantId.value()).append(VERSION, new Document("$lt", event.sequence())),
                new Document("$set", new Document(changes).append(VERSION, event.sequence())));
        if (applied) {
            return;
        }
        if (mongo.exists(tenantId, COLLECTION, new Document(ID, tenantId.value()))) {
            log.debug("Tenant {} is already at or past #{}: event ignored", tenantId, event.sequence());
        } else {
            log.warn("No tenant document for {}: {} #{} ignored", tenantId, event.envelope().type(), event.sequence());
        }
    }

    private static Instant orOccurredAt(@Nullable Instant instant, ReceivedEvent event) {
        return instant == null ? event.occurredAt() : instant;
    }
}
