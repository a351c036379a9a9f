package com.nlre.tenancy.command.web;

import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OperatorSecurityConfiguration;
import com.nlre.tenancy.web.RequestContextFilter;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the request's tenant context as metadata (which every resulting event inherits) and answers
 * the consistency token of the changed aggregate. The tenant comes from the route the operator addressed, never from
 * a request body.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway commandGateway;
    private final EventStore eventStore;

    public CommandDispatcher(CommandGateway commandGateway, EventStore eventStore) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
    }

    public ConsistencyToken dispatch(TenantId tenantId, String aggregateId, Object command, Authentication actor) {
        MetaData metaData = MetaData.with(MetadataKeys.TENANT_ID, tenantId.value())
                .and(MetadataKeys.ACTOR_ID, actor.getName())
                .and(MetadataKeys.ACTOR_TYPE, actorType(actor))
                .and(MetadataKeys.CORRELATION_ID, RequestContextFilter.currentCorrelationId());
        commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        long sequence = eventStore.lastSequenceNumberFor(aggregateId).orElse(0L);
        return new ConsistencyToken(tenantId, aggregateId, sequence);
    }

    private static String actorType(Authentication actor) {
        boolean operator = actor.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + OperatorSecurityConfiguration.OPERATOR_ROLE).equals(authority.getAuthority()));
        return operator ? "operator" : "user";
    }
}
