package com.nlre.tenancy.command.web;

import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.personal.SubjectForgottenException;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the request's tenant context as metadata (which every resulting event inherits) and answers
 * the consistency token of the changed aggregate. The tenant comes from the route an operator addressed or from a
 * tenant principal's credential, never from a request body.
 */
@Component
public class CommandDispatcher {

    public static final String FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA = "FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA";

    private final CommandGateway commandGateway;
    private final EventStore eventStore;

    public CommandDispatcher(CommandGateway commandGateway, EventStore eventStore) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
    }

    public ConsistencyToken dispatch(TenantId tenantId, String aggregateId, Object command, Authentication actor) {
        return dispatch(tenantId, aggregateId, command, Actor.of(actor));
    }

    /** A command of a tenant principal to its own tenant's aggregate. */
    public ConsistencyToken dispatch(TenantPrincipal caller, Object command) {
        return dispatch(caller.tenantId(), caller.tenantId().value(), command, Actor.of(caller));
    }

    public ConsistencyToken dispatch(TenantId tenantId, String aggregateId, Object command, Actor actor) {
        send(tenantId, command, actor);
        return tokenFor(tenantId, aggregateId);
    }

    /** The token of the aggregate as it is now: for commands sent with {@link #send} whose result is needed too. */
    public ConsistencyToken tokenFor(TenantId tenantId, String aggregateId) {
        long sequence = eventStore.lastSequenceNumberFor(aggregateId).orElse(0L);
        return new ConsistencyToken(tenantId, aggregateId, sequence);
    }

    /** Sends and answers the handler's result; a handler's exception is rethrown as itself. */
    public <R> R send(TenantId tenantId, Object command, Actor actor) {
        MetaData metaData = MetaData.with(MetadataKeys.TENANT_ID, tenantId.value())
                .and(MetadataKeys.ACTOR_ID, actor.id())
                .and(MetadataKeys.ACTOR_TYPE, actor.type())
                .and(MetadataKeys.CORRELATION_ID, RequestContextFilter.currentCorrelationId());
        try {
            return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause && cause != e) {
                throw refusedForAForgottenSubject(cause);
            }
            throw refusedForAForgottenSubject(e);
        } catch (RuntimeException e) {
            throw refusedForAForgottenSubject(e);
        }
    }

    /**
     * Personal data of a forgotten data subject cannot be sealed (its key is never re-created): a command that would
     * store some, e.g. re-adding a forgotten lead's id, fails when its events are stored and is answered as the named
     * rule {@value #FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA}; anything else stays as it was.
     */
    private static RuntimeException refusedForAForgottenSubject(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SubjectForgottenException forgotten) {
                return new BusinessRuleViolation(FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA, "The "
                        + forgotten.subject().type().wireName() + " was forgotten (GDPR erasure); no personal data "
                        + "of it can be stored again.");
            }
        }
        return failure;
    }
}
