package com.nlre.tenancy.query.agent;

import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Date;

/**
 * The stored shape of collection {@value #COLLECTION} (the seed's name): one document per AI agent of a tenant,
 * {@code _id} = {@code tenantId + "/" + agentId} (unique index {@code {tenantId: 1, agentId: 1}} as well), status by
 * its wire name, timestamps as BSON dates. {@code version} is the sequence of the last event applied from the agent's
 * own stream (aggregate {@code <tenantId>.<agentId>}). A retired agent stays, with status {@code retired}: deleting it
 * would let a replayed {@code AiAgentRegistered} bring it back.
 */
final class AgentDocuments {

    static final String COLLECTION = "agent_states";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String AGENT_ID = "agentId";
    static final String NAME = "name";
    static final String PURPOSE = "purpose";
    static final String VOICE = "voice";
    static final String LANGUAGE = "language";
    static final String STATUS = "status";
    static final String REGISTERED_AT = "registeredAt";
    static final String UPDATED_AT = "updatedAt";
    static final String RETIRED_AT = "retiredAt";
    static final String VERSION = "version";

    private AgentDocuments() {
    }

    static String id(TenantId tenantId, AgentId agentId) {
        return tenantId.value() + "/" + agentId.value();
    }

    /** The aggregate whose stream an agent's events are on, as the command side names it. */
    static String aggregateId(TenantId tenantId, AgentId agentId) {
        return tenantId.value() + "." + agentId.value();
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static AgentView toView(Document document) {
        return new AgentView(
                document.getString(AGENT_ID),
                document.getString(NAME),
                document.getString(PURPOSE),
                document.getString(VOICE),
                document.getString(LANGUAGE),
                AgentStatus.parse(document.getString(STATUS)).orElse(AgentStatus.ACTIVE),
                instant(document, REGISTERED_AT),
                instant(document, UPDATED_AT),
                instant(document, RETIRED_AT),
                document.get(VERSION) instanceof Number number ? number.longValue() : 0);
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
