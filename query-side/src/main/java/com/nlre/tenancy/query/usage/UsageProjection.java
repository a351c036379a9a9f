package com.nlre.tenancy.query.usage;

import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.billing.BillingTerms;
import com.nlre.tenancy.query.billing.BillingTermsProjection;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import com.nlre.tenancy.query.tenant.TenantSettingsReadModel;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;

import static com.nlre.tenancy.query.usage.UsageDocuments.AGGREGATE_ID;
import static com.nlre.tenancy.query.usage.UsageDocuments.COLLECTION;
import static com.nlre.tenancy.query.usage.UsageDocuments.EVENT_ID;
import static com.nlre.tenancy.query.usage.UsageDocuments.ID;
import static com.nlre.tenancy.query.usage.UsageDocuments.METER;
import static com.nlre.tenancy.query.usage.UsageDocuments.OCCURRED_AT;
import static com.nlre.tenancy.query.usage.UsageDocuments.PERIOD;
import static com.nlre.tenancy.query.usage.UsageDocuments.POSITION;
import static com.nlre.tenancy.query.usage.UsageDocuments.QUANTITY;
import static com.nlre.tenancy.query.usage.UsageDocuments.SEQUENCE;
import static com.nlre.tenancy.query.usage.UsageDocuments.TENANT_ID;

/**
 * Keeps the usage ledger, collection {@value UsageDocuments#COLLECTION}: one entry per usage-bearing event and meter,
 * inserted only if its {@code _id} (tenant and event id) is absent, so a redelivered, duplicated or replayed event
 * never counts twice. An entry's period is the billing month, in the tenant's time zone as it stood then (from its
 * {@link BillingTerms}), of when the event occurred or, for a call, when it started; so the same events give the same
 * ledger whatever order and batches they arrive in. Refused calls ({@code CallBlocked}) are not usage.
 */
@Component
public class UsageProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(UsageProjection.class);
    private static final int SECONDS_PER_MINUTE = 60;

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;
    private final TenantSettingsReadModel tenants;
    private final BillingTermsProjection terms;

    public UsageProjection(TenantScopedMongo mongo, MongoSchema schema, TenantSettingsReadModel tenants,
                           BillingTermsProjection terms) {
        this.mongo = mongo;
        this.schema = schema;
        this.tenants = tenants;
        this.terms = terms;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(PERIOD, Sort.Direction.ASC).on(METER, Sort.Direction.ASC)
                .named("tenantId_period_meter"));
        // the all-time meters (held leads and users) are summed over every period
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(METER, Sort.Direction.ASC)
                .named("tenantId_meter"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        Object payload = event.payload();
        if (payload instanceof LeadAdded) {
            record(event, event.occurredAt(), Map.of(Meter.LEADS_CREATED, 1L));
        } else if (payload instanceof LeadDeleted deleted) {
            record(event, event.occurredAt(), deleted.recordingBytes() > 0
                    ? Map.of(Meter.LEADS_DELETED, 1L, Meter.STORAGE_FREED, deleted.recordingBytes())
                    : Map.of(Meter.LEADS_DELETED, 1L));
        } else if (payload instanceof TenantUserAdded) {
            record(event, event.occurredAt(), Map.of(Meter.USERS_ADDED, 1L));
        } else if (payload instanceof TenantUserRemoved) {
            record(event, event.occurredAt(), Map.of(Meter.USERS_REMOVED, 1L));
        } else if (payload instanceof AiAgentRegistered) {
            record(event, event.occurredAt(), Map.of(Meter.AGENTS_REGISTERED, 1L));
        } else if (payload instanceof AiAgentRetired) {
            record(event, event.occurredAt(), Map.of(Meter.AGENTS_RETIRED, 1L));
        } else if (payload instanceof CallLogged call) {
            Instant startedAt = call.startedAt() == null ? event.occurredAt() : call.startedAt();
            Map<Meter, Long> quantities = new EnumMap<>(Meter.class);
            quantities.put(Meter.CALLS, 1L);
            quantities.put(Meter.CALL_MINUTES, startedMinutes(call.durationSeconds()));
            if (call.recordingBytes() > 0) {
                quantities.put(Meter.STORAGE_ADDED, call.recordingBytes());
            }
            record(event, startedAt, quantities);
        }
    }

    /** Every started minute counts: 1 s is one minute, 60 s one, 61 s two; no negative durations. */
    static long startedMinutes(int durationSeconds) {
        return durationSeconds <= 0 ? 0 : (durationSeconds + SECONDS_PER_MINUTE - 1L) / SECONDS_PER_MINUTE;
    }

    /**
     * Inserts one entry per meter the event moves, all in the billing month holding {@code countedAt}. An event that
     * moves one meter has {@code _id} {@code <tenantId>/<eventId>}, one that moves several gets {@code /<meter>} too.
     */
    private void record(ReceivedEvent event, Instant countedAt, Map<Meter, Long> quantities) {
        TenantId tenantId = event.tenantId();
        String eventId = event.envelope().eventId();
        BillingTerms billing = terms.termsOf(tenantId);
        YearMonth period = billing.known() ? billing.periodOf(countedAt)
                : YearMonth.from(countedAt.atZone(tenants.settingsOf(tenantId).zone()));
        boolean multiMeter = quantities.size() > 1 || event.payload() instanceof CallLogged;
        quantities.forEach((meter, quantity) -> {
            Document entry = new Document(ID, multiMeter ? UsageDocuments.id(tenantId, eventId, meter)
                    : UsageDocuments.id(tenantId, eventId))
                    .append(METER, meter.wireName())
                    .append(QUANTITY, quantity)
                    .append(PERIOD, period.toString())
                    .append(EVENT_ID, eventId)
                    .append(AGGREGATE_ID, event.aggregateId())
                    .append(SEQUENCE, event.sequence())
                    .append(OCCURRED_AT, Date.from(event.occurredAt()))
                    .append(POSITION, event.envelope().position());
            if (!mongo.insertIfAbsent(tenantId, COLLECTION, entry)) {
                log.debug("Usage entry {} already exists: event {} was counted before", entry.get(ID), eventId);
            }
        });
    }
}
