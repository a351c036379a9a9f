package com.nlre.tenancy.query.agent;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
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

import static com.nlre.tenancy.query.agent.AgentDocuments.AGENT_ID;
import static com.nlre.tenancy.query.agent.AgentDocuments.COLLECTION;
import static com.nlre.tenancy.query.agent.AgentDocuments.ID;
import static com.nlre.tenancy.query.agent.AgentDocuments.LANGUAGE;
import static com.nlre.tenancy.query.agent.AgentDocuments.NAME;
import static com.nlre.tenancy.query.agent.AgentDocuments.PURPOSE;
import static com.nlre.tenancy.query.agent.AgentDocuments.REGISTERED_AT;
import static com.nlre.tenancy.query.agent.AgentDocuments.RETIRED_AT;
import static com.nlre.tenancy.query.agent.AgentDocuments.STATUS;
import static com.nlre.tenancy.query.agent.AgentDocuments.TENANT_ID;
import static com.nlre.tenancy.query.agent.AgentDocuments.UPDATED_AT;
import static com.nlre.tenancy.query.agent.AgentDocuments.VERSION;
import static com.nlre.tenancy.query.agent.AgentDocuments.VOICE;
import static com.nlre.tenancy.query.agent.AgentDocuments.date;
import static com.nlre.tenancy.query.agent.AgentDocuments.id;

/**
 * Keeps collection {@value AgentDocuments#COLLECTION} from the AI agents' events, always scoped by the event's
 * tenant.
 *
 * <p>Every event of one agent is on the agent's own stream, numbered from 0 and delivered in order.
 * {@code AiAgentRegistered} inserts unless the agent's document exists (duplicate key = already applied); every later
 * event changes that document only while its {@code version} is below the event's sequence and the agent is not
 * retired, and sets {@code version} to it. So a redelivered or replayed event changes nothing, and a retired agent
 * takes no further change.
 */
@Component
public class AgentProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(AgentProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public AgentProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(AGENT_ID, Sort.Direction.ASC)
                .unique().named("tenantId_agentId_unique"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(STATUS, Sort.Direction.ASC)
                .on(REGISTERED_AT, Sort.Direction.ASC).named("tenantId_status_registeredAt"));
        // the cross-tenant probe after a miss looks an agent id up without its tenant
        schema.ensureIndex(COLLECTION, new Index().on(AGENT_ID, Sort.Direction.ASC).named("agentId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        TenantEvent payload = event.payload();
        if (payload instanceof AiAgentRegistered registered) {
            insert(registered, event);
        } else if (payload instanceof AiAgentUpdated updated) {
            applyIfNewer(updated.tenantId(), updated.agentId(), new Document(NAME, updated.name())
                    .append(PURPOSE, updated.purpose())
                    .append(VOICE, updated.voice())
                    .append(LANGUAGE, updated.language())
                    .append(UPDATED_AT, date(orOccurredAt(updated.updatedAt(), event))), event);
        } else if (payload instanceof AiAgentRetired retired) {
            Instant at = orOccurredAt(retired.retiredAt(), event);
            applyIfNewer(retired.tenantId(), retired.agentId(), new Document(STATUS, AgentStatus.RETIRED.wireName())
                    .append(RETIRED_AT, date(at))
                    .append(UPDATED_AT, date(at)), event);
        }
    }

    private void insert(AiAgentRegistered registered, ReceivedEvent event) {
        if (registered.agentId() == null) {
            log.warn("AiAgentRegistered #{} names no agent: ignored", event.sequence());
            return;
        }
        Instant at = orOccurredAt(registered.registeredAt(), event);
        Document agent = new Document(ID, id(registered.tenantId(), registered.agentId()))
                .append(AGENT_ID, registered.agentId().value())
                .append(NAME, registered.name())
                .append(PURPOSE, registered.purpose())
                .append(VOICE, registered.voice())
                .append(LANGUAGE, registered.language())
                .append(STATUS, AgentStatus.ACTIVE.wireName())
                .append(REGISTERED_AT, date(at))
                .append(UPDATED_AT, date(at))
                .append(RETIRED_AT, null)
                .append(VERSION, event.sequence());
        if (!mongo.insertIfAbsent(registered.tenantId(), COLLECTION, agent)) {
            log.debug("Agent {} already exists: AiAgentRegistered was applied before", registered.agentId());
        }
    }

    /** Sets the fields on the agent's document if it has not seen this event yet and the agent is not retired. */
    private void applyIfNewer(TenantId tenantId, @Nullable AgentId agentId, Document set, ReceivedEvent event) {
        if (agentId == null) {
            log.warn("{} #{} names no agent: ignored", event.payload().getClass().getSimpleName(), event.sequence());
            return;
        }
        if (!event.aggregateId().equals(AgentDocuments.aggregateId(tenantId, agentId))) {
            log.warn("{} #{} of agent {} arrived on aggregate {}, not the agent's own stream: its sequence is not the "
                            + "agent's version", event.payload().getClass().getSimpleName(), event.sequence(), agentId,
                    event.aggregateId());
        }
        Document thisAgent = new Document(ID, id(tenantId, agentId));
        boolean applied = mongo.updateOne(tenantId, COLLECTION, new Document(thisAgent)
                        .append(VERSION, new Document("$lt", event.sequence()))
                        .append(STATUS, AgentStatus.ACTIVE.wireName()),
                new Document("$set", new Document(set).append(VERSION, event.sequence())));
        if (!applied && !mongo.exists(tenantId, COLLECTION, thisAgent)) {
            log.warn("No agent document for {}: {} #{} ignored", agentId, event.payload().getClass().getSimpleName(),
                    event.sequence());
        }
    }

    private static Instant orOccurredAt(@Nullable Instant instant, ReceivedEvent event) {
        return instant == null ? event.occurredAt() : instant;
    }
}
