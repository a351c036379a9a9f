package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadContactUpdated;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.lead.LeadUntagged;
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
import java.util.Optional;

import static com.nlre.tenancy.query.lead.LeadDocuments.ASSIGNEE_USER_ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.BLOCKED_CALL_COUNT;
import static com.nlre.tenancy.query.lead.LeadDocuments.CALL_COUNT;
import static com.nlre.tenancy.query.lead.LeadDocuments.COLLECTION;
import static com.nlre.tenancy.query.lead.LeadDocuments.CONSENTS;
import static com.nlre.tenancy.query.lead.LeadDocuments.CONSENT_PHONE;
import static com.nlre.tenancy.query.lead.LeadDocuments.CONSENT_STATUS;
import static com.nlre.tenancy.query.lead.LeadDocuments.CONSENT_TEXT_VERSION;
import static com.nlre.tenancy.query.lead.LeadDocuments.CREATED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.DELETED;
import static com.nlre.tenancy.query.lead.LeadDocuments.DELETED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.EVIDENCE;
import static com.nlre.tenancy.query.lead.LeadDocuments.EVIDENCE_SOURCE;
import static com.nlre.tenancy.query.lead.LeadDocuments.GIVEN_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.GRANTED;
import static com.nlre.tenancy.query.lead.LeadDocuments.ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.LAST_CALL_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.LEAD_ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.METHOD;
import static com.nlre.tenancy.query.lead.LeadDocuments.NAME_SORT;
import static com.nlre.tenancy.query.lead.LeadDocuments.RECORDED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.REVOKED;
import static com.nlre.tenancy.query.lead.LeadDocuments.REVOKED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.SOURCE;
import static com.nlre.tenancy.query.lead.LeadDocuments.SOURCE_IP;
import static com.nlre.tenancy.query.lead.LeadDocuments.STATUS;
import static com.nlre.tenancy.query.lead.LeadDocuments.TAGS;
import static com.nlre.tenancy.query.lead.LeadDocuments.TENANT_ID;
import static com.nlre.tenancy.query.lead.LeadDocuments.TIMEZONE;
import static com.nlre.tenancy.query.lead.LeadDocuments.UPDATED_AT;
import static com.nlre.tenancy.query.lead.LeadDocuments.VERSION;
import static com.nlre.tenancy.query.lead.LeadDocuments.consentKey;
import static com.nlre.tenancy.query.lead.LeadDocuments.contactFields;
import static com.nlre.tenancy.query.lead.LeadDocuments.date;
import static com.nlre.tenancy.query.lead.LeadDocuments.id;
import static com.nlre.tenancy.query.lead.LeadDocuments.tags;

/**
 * Keeps collection {@value LeadDocuments#COLLECTION} from a lead's events, always scoped by the event's tenant.
 *
 * <p>Every event of one lead, {@code CallLogged} and {@code CallBlocked} included, is on the lead's own stream
 * (aggregate {@code <tenantId>.<leadId>}), numbered from 0 and delivered in order. {@code LeadAdded} inserts unless the
 * lead's document exists (duplicate key = already applied); every later event changes that document only while its
 * {@code version} is below the event's sequence and the lead is not deleted, and sets {@code version} to it. So a
 * redelivered or replayed event changes nothing, calls are counted once, and a deleted lead's tombstone takes no
 * further change.
 */
@Component
public class LeadProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(LeadProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public LeadProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(LEAD_ID, Sort.Direction.ASC)
                .unique().named("tenantId_leadId_unique"));
        // the seed's index: lists filtered by status, newest first
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(STATUS, Sort.Direction.ASC).on(CREATED_AT, Sort.Direction.DESC)
                .named("tenantId_status_createdAt"));
        // unfiltered lists in creation order, with the tie-break of the keyset pagination
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(CREATED_AT, Sort.Direction.DESC).on(LEAD_ID, Sort.Direction.DESC)
                .named("tenantId_createdAt_leadId"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(ASSIGNEE_USER_ID, Sort.Direction.ASC)
                .on(CREATED_AT, Sort.Direction.DESC)
                .named("tenantId_assigneeUserId_createdAt"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(TAGS, Sort.Direction.ASC)
                .named("tenantId_tags"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(NAME_SORT, Sort.Direction.ASC).on(LEAD_ID, Sort.Direction.ASC)
                .named("tenantId_nameSort_leadId"));
        // the cross-tenant probe after a miss looks a lead id up without its tenant
        schema.ensureIndex(COLLECTION, new Index().on(LEAD_ID, Sort.Direction.ASC).named("leadId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        TenantEvent payload = event.payload();
        if (payload instanceof LeadAdded added) {
            insert(added, event);
        } else if (payload instanceof LeadContactUpdated updated) {
            Document set = contactFields(updated.contact())
                    .append(TIMEZONE, updated.timezone())
                    .append(UPDATED_AT, date(orOccurredAt(updated.updatedAt(), event)));
            applyIfNewer(updated.tenantId(), updated.leadId(), new Document("$set", set), event);
        } else if (payload instanceof LeadStatusChanged changed) {
            applyIfNewer(changed.tenantId(), changed.leadId(), new Document("$set",
                    new Document(STATUS, statusName(changed.status()))
                            .append(UPDATED_AT, date(orOccurredAt(changed.changedAt(), event)))), event);
        } else if (payload instanceof LeadAssigned assigned) {
            applyIfNewer(assigned.tenantId(), assigned.leadId(), new Document("$set",
                    new Document(ASSIGNEE_USER_ID, assigned.assigneeUserId())
                            .append(UPDATED_AT, date(orOccurredAt(assigned.assignedAt(), event)))), event);
        } else if (payload instanceof LeadTagged tagged) {
            applyIfNewer(tagged.tenantId(), tagged.leadId(), new Document("$addToSet", new Document(TAGS, tagged.tag()))
                    .append("$set", new Document(UPDATED_AT, date(orOccurredAt(tagged.taggedAt(), event)))), event);
        } else if (payload instanceof LeadUntagged untagged) {
            applyIfNewer(untagged.tenantId(), untagged.leadId(),
                    new Document("$pull", new Document(TAGS, untagged.tag())).append("$set",
                            new Document(UPDATED_AT, date(orOccurredAt(untagged.untaggedAt(), event)))), event);
        } else if (payload instanceof LeadDeleted deleted) {
            Instant at = orOccurredAt(deleted.deletedAt(), event);
            applyIfNewer(deleted.tenantId(), deleted.leadId(), new Document("$set", new Document(DELETED, true)
                    .append(DELETED_AT, date(at))
                    .append(UPDATED_AT, date(at))), event);
        } else if (payload instanceof ConsentRecorded recorded) {
            recordConsent(recorded, event);
        } else if (payload instanceof ConsentRevoked revoked) {
            revokeConsent(revoked, event);
        } else if (payload instanceof CallLogged call) {
            // a call is activity with the lead, not a change of it: updatedAt stays
            applyIfNewer(call.tenantId(), call.leadId(), new Document("$inc", new Document(CALL_COUNT, 1))
                    .append("$max", new Document(LAST_CALL_AT, date(orOccurredAt(call.startedAt(), event)))), event);
        } else if (payload instanceof DataSubjectForgotten forgotten
                && SubjectType.LEAD.wireName().equals(forgotten.subjectType())) {
            anonymise(forgotten, event);
        } else if (payload instanceof CallBlocked blocked) {
            applyIfNewer(blocked.tenantId(), blocked.leadId(),
                    new Document("$inc", new Document(BLOCKED_CALL_COUNT, 1)), event);
        }
    }

    private void insert(LeadAdded added, ReceivedEvent event) {
        Instant addedAt = orOccurredAt(added.addedAt(), event);
        Document lead = new Document(ID, id(added.tenantId(), added.leadId()))
                .append(LEAD_ID, added.leadId().value());
        lead.putAll(contactFields(added.contact()));
        lead.append(TIMEZONE, added.timezone())
                .append(SOURCE, added.source())
                .append(TAGS, tags(added.tags()))
                .append(STATUS, LeadStatus.NEW.wireName())
                .append(ASSIGNEE_USER_ID, null)
                .append(CONSENTS, new Document())
                .append(CALL_COUNT, 0L)
                .append(BLOCKED_CALL_COUNT, 0L)
                .append(LAST_CALL_AT, null)
                .append(DELETED, false)
                .append(DELETED_AT, null)
                .append(CREATED_AT, date(addedAt))
                .append(UPDATED_AT, date(addedAt))
                .append(VERSION, event.sequence());
        if (!mongo.insertIfAbsent(added.tenantId(), COLLECTION, lead)) {
            log.debug("Lead {} already exists: LeadAdded was applied before", added.leadId());
        }
    }

    private void recordConsent(ConsentRecorded recorded, ReceivedEvent event) {
        if (recorded.phone() == null) {
            log.warn("ConsentRecorded #{} of lead {} names no phone number: ignored", event.sequence(),
                    recorded.leadId());
            return;
        }
        Instant at = orOccurredAt(recorded.recordedAt(), event);
        ConsentEvidence evidence = recorded.evidence();
        Document consent = new Document(CONSENT_PHONE, recorded.phone())
                .append(CONSENT_STATUS, GRANTED)
                .append(EVIDENCE, evidence == null ? null : new Document(GIVEN_AT, date(evidence.givenAt()))
                        .append(METHOD, evidence.method())
                        .append(CONSENT_TEXT_VERSION, evidence.consentTextVersion())
                        .append(EVIDENCE_SOURCE, evidence.source())
                        .append(SOURCE_IP, evidence.sourceIp()))
                .append(RECORDED_AT, date(at))
                .append(REVOKED_AT, null);
        applyIfNewer(recorded.tenantId(), recorded.leadId(), new Document("$set",
                new Document(CONSENTS + "." + consentKey(recorded.phone()), consent)
                        .append(UPDATED_AT, date(at))), event);
    }

    private void revokeConsent(ConsentRevoked revoked, ReceivedEvent event) {
        if (revoked.phone() == null) {
            log.warn("ConsentRevoked #{} of lead {} names no phone number: ignored", event.sequence(),
                    revoked.leadId());
            return;
        }
        Instant at = orOccurredAt(revoked.revokedAt(), event);
        String path = CONSENTS + "." + consentKey(revoked.phone()) + ".";
        applyIfNewer(revoked.tenantId(), revoked.leadId(), new Document("$set",
                new Document(path + CONSENT_PHONE, revoked.phone())
                        .append(path + CONSENT_STATUS, REVOKED)
                        .append(path + REVOKED_AT, date(at))
                        .append(UPDATED_AT, date(at))), event);
    }

    /**
     * A forgotten lead (deleted or not) keeps its document, status, counts and its consents' states and times, but no
     * personal data: contact fields read as erased, and each consent's number and evidence too (consents are then
     * keyed {@code erased-1}, {@code erased-2}… so none is lost).
     */
    private void anonymise(DataSubjectForgotten forgotten, ReceivedEvent event) {
        if (!LeadId.isValid(forgotten.subjectId())) {
            log.warn("DataSubjectForgotten #{} names no valid lead: ignored", event.sequence());
            return;
        }
        Document thisLead = new Document(ID, id(forgotten.tenantId(), new LeadId(forgotten.subjectId())));
        Optional<Document> lead = mongo.findOne(forgotten.tenantId(), COLLECTION, thisLead);
        if (lead.isEmpty()) {
            log.warn("No lead document for {}: DataSubjectForgotten #{} ignored", forgotten.subjectId(),
                    event.sequence());
            return;
        }
        Document consents = new Document();
        Document current = lead.get().get(CONSENTS, Document.class);
        if (current != null) {
            int index = 0;
            for (Object value : current.values()) {
                if (value instanceof Document consent) {
                    Document erased = new Document(consent).append(CONSENT_PHONE, ErasedValues.ERASED);
                    if (consent.get(EVIDENCE) instanceof Document) {
                        erased.append(EVIDENCE, new Document(GIVEN_AT, null)
                                .append(METHOD, ErasedValues.ERASED)
                                .append(CONSENT_TEXT_VERSION, ErasedValues.ERASED)
                                .append(EVIDENCE_SOURCE, ErasedValues.ERASED)
                                .append(SOURCE_IP, ErasedValues.ERASED));
                    }
                    consents.append("erased-" + (++index), erased);
                }
            }
        }
        Document set = contactFields(ErasedValues.of(LeadContact.class)).append(CONSENTS, consents)
                .append(VERSION, event.sequence());
        mongo.updateOne(forgotten.tenantId(), COLLECTION, new Document(thisLead)
                .append(VERSION, new Document("$lt", event.sequence())), new Document("$set", set));
    }

    /** Applies the update to the lead's document if it has not seen this event yet and the lead is not deleted. */
    private void applyIfNewer(TenantId tenantId, @Nullable LeadId leadId, Document update, ReceivedEvent event) {
        if (leadId == null) {
            log.warn("{} #{} names no lead: ignored", event.payload().getClass().getSimpleName(), event.sequence());
            return;
        }
        if (!event.aggregateId().equals(LeadDocuments.aggregateId(tenantId, leadId))) {
            log.warn("{} #{} of lead {} arrived on aggregate {}, not the lead's own stream: its sequence is not the "
                            + "lead's version", event.payload().getClass().getSimpleName(), event.sequence(), leadId,
                    event.aggregateId());
        }
        Document thisLead = new Document(ID, id(tenantId, leadId));
        Document set = update.get("$set", Document.class);
        Document versioned = new Document(update).append("$set",
                new Document(set == null ? new Document() : set).append(VERSION, event.sequence()));
        boolean applied = mongo.updateOne(tenantId, COLLECTION, new Document(thisLead)
                .append(VERSION, new Document("$lt", event.sequence()))
                .append(DELETED, false), versioned);
        if (!applied && !mongo.exists(tenantId, COLLECTION, thisLead)) {
            log.warn("No lead document for {}: {} #{} ignored", leadId, event.payload().getClass().getSimpleName(),
                    event.sequence());
        }
    }

    @Nullable
    private static String statusName(@Nullable LeadStatus status) {
        return status == null ? null : status.wireName();
    }

    private static Instant orOccurredAt(@Nullable Instant instant, ReceivedEvent event) {
        return instant == null ? event.occurredAt() : instant;
    }
}
