package com.nlre.tenancy.query.deadletter;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ParkedEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.query.data.DisposableCollections;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.PageParameters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter store: collection {@value #COLLECTION}, one document per parked record, {@code _id} = its letter id,
 * with its tenant, aggregate and sequence, event id and type, topic/partition/offset, the record's key and raw value,
 * why it is parked, attempts and times. A tenant's letters are written only through {@link TenantScopedMongo};
 * operators read every tenant's through {@link CrossTenantMongo} (purpose {@code dead-letters}). Letters are removed
 * when applied or discarded, and with the rest of a tenant's data when it is offboarded.
 *
 * <p>{@value #PARKED_METRIC} is a gauge of the letters parked, all tenants together, counted at most every
 * {@link #COUNT_MAX_AGE} (sooner after a change on this instance).
 */
@Component
public class DeadLetters implements ParkedEvents, InitializingBean {

    public static final String COLLECTION = DisposableCollections.DEAD_LETTERS;
    public static final String PARKED_METRIC = "nlre.projection.dead_letters";

    static final Duration COUNT_MAX_AGE = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private static final String ID = "_id";
    private static final String AGGREGATE_ID = "aggregateId";
    private static final String AGGREGATE_SEQUENCE = "aggregateSequence";
    private static final String EVENT_ID = "eventId";
    private static final String EVENT_TYPE = "eventType";
    private static final String TOPIC = "topic";
    private static final String PARTITION = "partition";
    private static final String OFFSET = "offset";
    private static final String KIND = "kind";
    private static final String EXCEPTION = "exception";
    private static final String REASON = "reason";
    private static final String ATTEMPTS = "attempts";
    private static final String PARKED_AT = "parkedAt";
    private static final String LAST_ATTEMPT_AT = "lastAttemptAt";
    private static final String WAITING_BEHIND = "waitingBehind";
    private static final String KEY = "key";
    private static final String RECORD = "record";

    private final TenantScopedMongo mongo;
    private final CrossTenantMongo platform;
    private final MongoSchema schema;
    private final Clock clock;
    private volatile long countedAt = Long.MIN_VALUE;
    private volatile double parked = Double.NaN;

    public DeadLetters(TenantScopedMongo mongo, CrossTenantMongo platform, MongoSchema schema, Clock clock,
                       MeterRegistry meters) {
        this.mongo = mongo;
        this.platform = platform;
        this.schema = schema;
        this.clock = clock;
        Gauge.builder(PARKED_METRIC, this, DeadLetters::parkedCount)
                .description("Records of the event topic parked as dead letters, all tenants")
                .register(meters);
    }

    /** Tenant first: an aggregate's letters in sequence order, and a tenant's letters by age. */
    @Override
    public void afterPropertiesSet() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC).on(AGGREGATE_ID, Sort.Direction.ASC)
                .on(AGGREGATE_SEQUENCE, Sort.Direction.ASC).named("tenantId_aggregateId_aggregateSequence"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TenantScopedMongo.TENANT_ID, Sort.Direction.ASC).on(PARKED_AT, Sort.Direction.ASC)
                .named("tenantId_parkedAt"));
        // the operators' list over every tenant
        schema.ensureIndex(COLLECTION, new Index().on(PARKED_AT, Sort.Direction.ASC).named("parkedAt"));
    }

    /**
     * Stores a letter unless one with its id is there (a redelivered record is parked once).
     *
     * @return true if stored
     */
    public boolean park(DeadLetter letter) {
        boolean stored = mongo.insertIfAbsent(letter.tenantId(), COLLECTION, toDocument(letter));
        changed();
        return stored;
    }

    /** The aggregate's parked letter with the lowest sequence: the one every later event waits behind. */
    public Optional<DeadLetter> first(TenantId tenantId, String aggregateId) {
        return mongo.find(tenantId, COLLECTION, new Document(AGGREGATE_ID, aggregateId),
                new Document(AGGREGATE_SEQUENCE, 1), 0, 1).stream().findFirst().map(DeadLetters::toLetter);
    }

    @Override
    public boolean holdsBack(TenantId tenantId, String aggregateId, long sequence) {
        return mongo.exists(tenantId, COLLECTION, new Document(AGGREGATE_ID, aggregateId)
                .append(AGGREGATE_SEQUENCE, new Document("$lte", sequence)));
    }

    /** Every parked letter of the aggregate, in sequence order. */
    public List<DeadLetter> ofAggregate(TenantId tenantId, String aggregateId) {
        return mongo.find(tenantId, COLLECTION, new Document(AGGREGATE_ID, aggregateId),
                new Document(AGGREGATE_SEQUENCE, 1), 0, Integer.MAX_VALUE).stream().map(DeadLetters::toLetter).toList();
    }

    /** One letter of the tenant, by id. */
    public Optional<DeadLetter> find(TenantId tenantId, String letterId) {
        return mongo.findOne(tenantId, COLLECTION, new Document(ID, letterId)).map(DeadLetters::toLetter);
    }

    /** One letter, whatever its tenant (operators). */
    public Optional<DeadLetter> find(String letterId) {
        return platform.findOne(CrossTenantPurpose.DEAD_LETTERS, COLLECTION, new Document(ID, letterId))
                .map(DeadLetters::toLetter);
    }

    /**
     * Letters oldest first (operators).
     *
     * @param tenantId only this tenant's; null for every tenant's
     */
    public DeadLetterPage list(@Nullable TenantId tenantId, PageParameters paging) {
        Document filter = tenantId == null ? new Document()
                : new Document(TenantScopedMongo.TENANT_ID, tenantId.value());
        long total = platform.count(CrossTenantPurpose.DEAD_LETTERS, COLLECTION, filter);
        List<DeadLetterView> items = platform.find(CrossTenantPurpose.DEAD_LETTERS, COLLECTION, filter,
                        new Document(PARKED_AT, 1).append(AGGREGATE_SEQUENCE, 1).append(ID, 1), paging.skip(),
                        paging.size()).stream()
                .map(document -> toLetter(document).view(false))
                .toList();
        return new DeadLetterPage(items, paging.page(), paging.size(), total, paging.totalPages(total));
    }

    /** Records another failed attempt on a letter: its new kind and reason, one attempt more. */
    public void failedAgain(DeadLetter letter, DeadLetterKind kind, String exception, String reason) {
        mongo.updateOne(letter.tenantId(), COLLECTION, new Document(ID, letter.letterId()), new Document("$set",
                new Document(KIND, kind.wireName()).append(EXCEPTION, exception).append(REASON, reason)
                        .append(LAST_ATTEMPT_AT, Date.from(clock.instant())).append(WAITING_BEHIND, null))
                .append("$inc", new Document(ATTEMPTS, 1)));
    }

    /**
     * Removes a letter (applied or discarded).
     *
     * @return true if it was there
     */
    public boolean remove(DeadLetter letter) {
        long deleted = mongo.deleteMany(letter.tenantId(), COLLECTION, new Document(ID, letter.letterId()));
        changed();
        return deleted > 0;
    }

    /** The gauge's value: letters of every tenant, NaN until MongoDB could be asked once. */
    /** How many letters are parked, all tenants, read now: the projection's once-per-poll check. */
    public long countNow() {
        return platform.count(CrossTenantPurpose.DEAD_LETTER_CHECK, COLLECTION, new Document());
    }

    double parkedCount() {
        long now = System.nanoTime();
        if (now - countedAt > COUNT_MAX_AGE.toNanos()) {
            try {
                parked = platform.count(CrossTenantPurpose.DEAD_LETTERS, COLLECTION, new Document());
                countedAt = now;
            } catch (RuntimeException e) {
                log.debug("Could not count the dead letters; the gauge keeps its last value", e);
            }
        }
        return parked;
    }

    private void changed() {
        countedAt = Long.MIN_VALUE;
    }

    private static Document toDocument(DeadLetter letter) {
        return new Document(ID, letter.letterId())
                .append(AGGREGATE_ID, letter.aggregateId())
                .append(AGGREGATE_SEQUENCE, letter.aggregateSequence())
                .append(EVENT_ID, letter.eventId())
                .append(EVENT_TYPE, letter.eventType())
                .append(TOPIC, letter.topic())
                .append(PARTITION, letter.partition())
                .append(OFFSET, letter.offset())
                .append(KIND, letter.kind().wireName())
                .append(EXCEPTION, letter.exception())
                .append(REASON, letter.reason())
                .append(ATTEMPTS, letter.attempts())
                .append(PARKED_AT, Date.from(letter.parkedAt()))
                .append(LAST_ATTEMPT_AT, Date.from(letter.lastAttemptAt()))
                .append(WAITING_BEHIND, letter.waitingBehind())
                .append(KEY, letter.key())
                .append(RECORD, letter.record());
    }

    private static DeadLetter toLetter(Document document) {
        Number sequence = document.get(AGGREGATE_SEQUENCE, Number.class);
        return new DeadLetter(document.getString(ID), new TenantId(document.getString(TenantScopedMongo.TENANT_ID)),
                document.getString(AGGREGATE_ID), sequence == null ? null : sequence.longValue(),
                document.getString(EVENT_ID), document.getString(EVENT_TYPE), document.getString(TOPIC),
                document.get(PARTITION, Number.class).intValue(), document.get(OFFSET, Number.class).longValue(),
                DeadLetterKind.fromWireName(document.getString(KIND)).orElse(DeadLetterKind.PROJECTION_ERROR),
                document.getString(EXCEPTION), document.getString(REASON),
                document.get(ATTEMPTS, Number.class).intValue(), instant(document.getDate(PARKED_AT)),
                instant(document.getDate(LAST_ATTEMPT_AT)), document.getString(WAITING_BEHIND),
                document.getString(KEY), document.getString(RECORD));
    }

    private static Instant instant(@Nullable Date date) {
        return date == null ? Instant.EPOCH : date.toInstant();
    }
}
