package com.nlre.tenancy.query.call;

import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.ErasedValues;
import com.nlre.tenancy.events.personal.SubjectType;
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

import static com.nlre.tenancy.query.call.CallDocuments.AGENT_ID;
import static com.nlre.tenancy.query.call.CallDocuments.BLOCKED;
import static com.nlre.tenancy.query.call.CallDocuments.CALL_ID;
import static com.nlre.tenancy.query.call.CallDocuments.COLLECTION;
import static com.nlre.tenancy.query.call.CallDocuments.DIRECTION;
import static com.nlre.tenancy.query.call.CallDocuments.DURATION_SECONDS;
import static com.nlre.tenancy.query.call.CallDocuments.ID;
import static com.nlre.tenancy.query.call.CallDocuments.INITIATED_AT;
import static com.nlre.tenancy.query.call.CallDocuments.LEAD_ID;
import static com.nlre.tenancy.query.call.CallDocuments.LOGGED_AT;
import static com.nlre.tenancy.query.call.CallDocuments.NOTES;
import static com.nlre.tenancy.query.call.CallDocuments.OUTCOME;
import static com.nlre.tenancy.query.call.CallDocuments.PHONE;
import static com.nlre.tenancy.query.call.CallDocuments.REASON;
import static com.nlre.tenancy.query.call.CallDocuments.RECORDED;
import static com.nlre.tenancy.query.call.CallDocuments.RULE;
import static com.nlre.tenancy.query.call.CallDocuments.TENANT_ID;
import static com.nlre.tenancy.query.call.CallDocuments.TRANSCRIBED;
import static com.nlre.tenancy.query.call.CallDocuments.date;

/**
 * Keeps collection {@value CallDocuments#COLLECTION} from {@code CallLogged} and {@code CallBlocked}, scoped by the
 * event's tenant: each inserts its call keyed by the event's position (aggregate and sequence) unless that document
 * exists, so a redelivered or replayed event leaves the collection as it was, and every recorded call or refusal is
 * there exactly once, the same number of them the lead's counters show.
 */
@Component
public class CallProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(CallProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public CallProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        // the seed's index: a lead's call history, newest first
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(LEAD_ID, Sort.Direction.ASC)
                .on(INITIATED_AT, Sort.Direction.DESC)
                .named("tenantId_leadId_initiatedAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(AGENT_ID, Sort.Direction.ASC)
                .on(INITIATED_AT, Sort.Direction.DESC)
                .named("tenantId_agentId_initiatedAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(INITIATED_AT, Sort.Direction.DESC)
                .named("tenantId_initiatedAt"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof CallLogged call) {
            insert(call.tenantId(), call.callId(), new Document(LEAD_ID, leadId(call.leadId()))
                    .append(DIRECTION, call.direction() == null ? null : call.direction().wireName())
                    .append(PHONE, call.phone())
                    .append(AGENT_ID, call.agentId())
                    .append(INITIATED_AT, date(orOccurredAt(call.startedAt(), event)))
                    .append(DURATION_SECONDS, call.durationSeconds())
                    .append(OUTCOME, call.outcome() == null ? null : call.outcome().wireName())
                    .append(NOTES, call.notes())
                    .append(RECORDED, call.recorded())
                    .append(TRANSCRIBED, call.transcribed())
                    .append(BLOCKED, false)
                    .append(RULE, null)
                    .append(REASON, null)
                    .append(LOGGED_AT, date(orOccurredAt(call.loggedAt(), event))), event);
        } else if (event.payload() instanceof DataSubjectForgotten forgotten
                && SubjectType.LEAD.wireName().equals(forgotten.subjectType())) {
            anonymiseCallsOf(forgotten);
        } else if (event.payload() instanceof CallBlocked blocked) {
            insert(blocked.tenantId(), blocked.callId(), new Document(LEAD_ID, leadId(blocked.leadId()))
                    .append(DIRECTION, blocked.direction() == null ? null : blocked.direction().wireName())
                    .append(PHONE, blocked.phone())
                    .append(AGENT_ID, blocked.agentId())
                    .append(INITIATED_AT, date(orOccurredAt(blocked.attemptedAt(), event)))
                    .append(DURATION_SECONDS, null)
                    .append(OUTCOME, null)
                    .append(NOTES, null)
                    .append(RECORDED, false)
                    .append(TRANSCRIBED, false)
                    .append(BLOCKED, true)
                    .append(RULE, blocked.rule())
                    .append(REASON, blocked.reason())
                    .append(LOGGED_AT, date(orOccurredAt(blocked.blockedAt(), event))), event);
        }
    }

    /**
     * A forgotten lead's calls keep their place, outcome and duration (counts and usage stay right) but no personal
     * data: the number and the notes read as erased, as a replay of their events would now read them.
     */
    private void anonymiseCallsOf(DataSubjectForgotten forgotten) {
        Document ofLead = new Document(LEAD_ID, forgotten.subjectId());
        mongo.updateMany(forgotten.tenantId(), COLLECTION, ofLead,
                new Document("$set", new Document(PHONE, ErasedValues.ERASED)));
        mongo.updateMany(forgotten.tenantId(), COLLECTION, new Document(ofLead).append(NOTES,
                new Document("$ne", null)), new Document("$set", new Document(NOTES, ErasedValues.ERASED)));
    }

    private void insert(TenantId tenantId, @Nullable String callId, Document fields, ReceivedEvent event) {
        if (callId == null || callId.isBlank()) {
            log.warn("{} #{} of {} has no call id: ignored", event.payload().getClass().getSimpleName(),
                    event.sequence(), event.aggregateId());
            return;
        }
        Document call = new Document(ID, CallDocuments.id(tenantId, event.aggregateId(), event.sequence()))
                .append(CALL_ID, callId);
        call.putAll(fields);
        if (!mongo.insertIfAbsent(tenantId, COLLECTION, call)) {
            log.debug("Call {} already exists: {} #{} of {} was applied before", callId,
                    event.payload().getClass().getSimpleName(), event.sequence(), event.aggregateId());
        }
    }

    @Nullable
    private static String leadId(@Nullable LeadId leadId) {
        return leadId == null ? null : leadId.value();
    }

    private static Instant orOccurredAt(@Nullable Instant instant, ReceivedEvent event) {
        return instant == null ? event.occurredAt() : instant;
    }
}
