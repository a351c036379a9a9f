package com.nlre.tenancy.query.usage;

import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.tenant.TenantSettings;
import org.bson.Document;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.nlre.tenancy.query.usage.UsageDocuments.COLLECTION;
import static com.nlre.tenancy.query.usage.UsageDocuments.METER;
import static com.nlre.tenancy.query.usage.UsageDocuments.OCCURRED_AT;
import static com.nlre.tenancy.query.usage.UsageDocuments.PERIOD;
import static com.nlre.tenancy.query.usage.UsageDocuments.POSITION;
import static com.nlre.tenancy.query.usage.UsageDocuments.QUANTITY;

/**
 * Sums the usage ledger through {@link TenantScopedMongo} aggregations: calls and call minutes over one period,
 * held leads, users, AI agents and recording storage over all time (taken minus given back).
 */
@Component
public class UsageReadModel {

    static final String LEADS = "leads";
    static final String USERS = "users";
    static final String AGENTS = "agents";
    static final String STORAGE = "storage_bytes";
    /** Storage limits are sold in GB of 2^30 bytes. */
    static final long BYTES_PER_GB = 1L << 30;
    private static final List<String> HELD_METERS = List.of(Meter.LEADS_CREATED.wireName(),
            Meter.LEADS_DELETED.wireName(), Meter.USERS_ADDED.wireName(), Meter.USERS_REMOVED.wireName(),
            Meter.AGENTS_REGISTERED.wireName(), Meter.AGENTS_RETIRED.wireName(), Meter.STORAGE_ADDED.wireName(),
            Meter.STORAGE_FREED.wireName());

    private final TenantScopedMongo mongo;

    public UsageReadModel(TenantScopedMongo mongo) {
        this.mongo = mongo;
    }

    /** One meter's sum, how many entries it is made of, when the newest of them occurred and its highest position. */
    private record Total(long quantity, long entries, @Nullable Instant lastEventAt, @Nullable Long position) {

        static final Total NONE = new Total(0, 0, null, null);
    }

    /**
     * One window of the ledger's entries of {@code period} in transaction-id order, after {@code afterTransactionId}
     * (null for the first window).
     */
    public List<UsageRecord> records(TenantId tenantId, YearMonth period, @Nullable String afterTransactionId,
                                     int limit) {
        Document filter = new Document(PERIOD, period.toString());
        if (afterTransactionId != null) {
            filter.append(UsageDocuments.ID, new Document("$gt", afterTransactionId));
        }
        return window(tenantId, filter, limit);
    }

    /**
     * One window of the whole ledger's entries, every period, in transaction-id order, after
     * {@code afterTransactionId} (null for the first window).
     */
    public List<UsageRecord> allRecords(TenantId tenantId, @Nullable String afterTransactionId, int limit) {
        Document filter = new Document();
        if (afterTransactionId != null) {
            filter.append(UsageDocuments.ID, new Document("$gt", afterTransactionId));
        }
        return window(tenantId, filter, limit);
    }

    private List<UsageRecord> window(TenantId tenantId, Document filter, int limit) {
        return mongo.find(tenantId, COLLECTION, filter, new Document(UsageDocuments.ID, 1), 0, limit).stream()
                .map(entry -> new UsageRecord(entry.getString(UsageDocuments.ID), tenantId.value(),
                        entry.getString(METER), ((Number) entry.get(QUANTITY)).longValue(), entry.getString(PERIOD),
                        entry.getDate(OCCURRED_AT).toInstant(), entry.getString(UsageDocuments.EVENT_ID),
                        entry.getString(UsageDocuments.AGGREGATE_ID),
                        ((Number) entry.get(UsageDocuments.SEQUENCE)).longValue(),
                        entry.get(POSITION) instanceof Number position ? position.longValue() : null))
                .toList();
    }

    /** The ledger's calls in {@code period}. */
    public long callsIn(TenantId tenantId, YearMonth period) {
        return of(totals(tenantId, new Document(PERIOD, period.toString()).append(METER, Meter.CALLS.wireName())),
                Meter.CALLS).quantity();
    }

    /**
     * @param pricing the tenant's current prices: they say how many calls beyond the limit are sold as overage
     */
    public UsageReport report(TenantId tenantId, YearMonth period, TenantSettings settings,
                              @Nullable PlanPricing pricing) {
        Map<String, Total> inPeriod = totals(tenantId, new Document(PERIOD, period.toString())
                .append(METER, new Document("$in", List.of(Meter.CALLS.wireName(), Meter.CALL_MINUTES.wireName()))));
        Map<String, Total> allTime = totals(tenantId, new Document(METER, new Document("$in", HELD_METERS)));

        PlanLimits limits = settings.limits();
        Total calls = of(inPeriod, Meter.CALLS);
        Total minutes = of(inPeriod, Meter.CALL_MINUTES);
        Total created = of(allTime, Meter.LEADS_CREATED);
        Total deleted = of(allTime, Meter.LEADS_DELETED);
        Total added = of(allTime, Meter.USERS_ADDED);
        Total removed = of(allTime, Meter.USERS_REMOVED);
        Total registered = of(allTime, Meter.AGENTS_REGISTERED);
        Total retired = of(allTime, Meter.AGENTS_RETIRED);
        Total stored = of(allTime, Meter.STORAGE_ADDED);
        Total freed = of(allTime, Meter.STORAGE_FREED);
        List<UsageReport.MeterUsage> meters = List.of(
                UsageReport.MeterUsage.of(LEADS, held(created, deleted),
                        limits.maxLeads()),
                UsageReport.MeterUsage.of(USERS, held(added, removed),
                        limits.maxUsers() == null ? null : limits.maxUsers().longValue()),
                UsageReport.MeterUsage.of(Meter.CALLS.wireName(), calls.quantity(), limits.maxCalls(),
                        pricing == null ? null : pricing.overageOf(Meter.CALLS.wireName())
                                .map(PlanPricing.OverageRate::maxUnits).orElse(null)),
                UsageReport.MeterUsage.of(Meter.CALL_MINUTES.wireName(), minutes.quantity(), null),
                UsageReport.MeterUsage.of(AGENTS, held(registered, retired),
                        limits.maxAgents() == null ? null : limits.maxAgents().longValue()),
                UsageReport.MeterUsage.of(STORAGE, held(stored, freed),
                        limits.storageGb() == null ? null : limits.storageGb() * BYTES_PER_GB));

        long entries = 0;
        Instant lastEventAt = null;
        Long position = null;
        for (Total total : List.of(calls, minutes, created, deleted, added, removed, registered, retired, stored,
                freed)) {
            entries += total.entries();
            if (total.position() != null && (position == null || total.position() > position)) {
                position = total.position();
            }
            if (total.lastEventAt() != null && (lastEventAt == null || total.lastEventAt().isAfter(lastEventAt))) {
                lastEventAt = total.lastEventAt();
            }
        }
        ZoneId zone = settings.zone();
        return new UsageReport(tenantId.value(),
                new UsageReport.Period(period.toString(), period.atDay(1).atStartOfDay(zone).toInstant(),
                        period.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant(), zone.getId()),
                meters, new UsageReport.AsOf(entries, lastEventAt, position));
    }

    /** What is held now: taken minus given back, never negative. */
    private static long held(Total taken, Total givenBack) {
        return Math.max(0, taken.quantity() - givenBack.quantity());
    }

    private Map<String, Total> totals(TenantId tenantId, Document match) {
        List<Document> groups = mongo.aggregate(tenantId, COLLECTION, List.of(
                new Document("$match", match),
                new Document("$group", new Document("_id", "$" + METER)
                        .append("quantity", new Document("$sum", "$" + QUANTITY))
                        .append("entries", new Document("$sum", 1))
                        .append("lastEventAt", new Document("$max", "$" + OCCURRED_AT))
                        .append("position", new Document("$max", "$" + POSITION)))));
        Map<String, Total> totals = new HashMap<>();
        for (Document group : groups) {
            Date last = group.getDate("lastEventAt");
            totals.put(group.getString("_id"), new Total(((Number) group.get("quantity")).longValue(),
                    ((Number) group.get("entries")).longValue(), last == null ? null : last.toInstant(),
                    group.get("position") instanceof Number position ? position.longValue() : null));
        }
        return totals;
    }

    private static Total of(Map<String, Total> totals, Meter meter) {
        return totals.getOrDefault(meter.wireName(), Total.NONE);
    }
}
