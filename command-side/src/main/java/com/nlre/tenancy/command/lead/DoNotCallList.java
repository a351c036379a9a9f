package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.command.lead.DoNotCallCommands.AddToDoNotCallList;
import com.nlre.tenancy.command.lead.DoNotCallCommands.RemoveFromDoNotCallList;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * A tenant's own do-not-call list. Created on its first number; adding a listed number or removing an unlisted one
 * changes nothing (idempotent), so clients may retry freely.
 */
@Aggregate
public class DoNotCallList {

    @AggregateIdentifier
    private String id;
    private TenantId tenantId;
    private Set<String> numbers = new HashSet<>();

    protected DoNotCallList() {
        // for Axon
    }

    public static String aggregateIdOf(TenantId tenantId) {
        return tenantId.value() + ".dnc";
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddToDoNotCallList command, Clock clock) {
        String phone = ValueRules.requireE164("phone", PhoneNumbers.normalise(command.phone()));
        String reason = command.reason() == null ? null : ValueRules.requireText("reason", command.reason(), 200);
        if (!numbers.contains(phone)) {
            AggregateLifecycle.apply(new DoNotCallNumberAdded(command.tenantId(), phone, reason, clock.instant()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveFromDoNotCallList command, Clock clock) {
        String phone = PhoneNumbers.normalise(command.phone());
        if (numbers.contains(phone)) {
            AggregateLifecycle.apply(new DoNotCallNumberRemoved(command.tenantId(), phone, clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(DoNotCallNumberAdded event) {
        id = aggregateIdOf(event.tenantId());
        tenantId = event.tenantId();
        numbers.add(event.phone());
    }

    @EventSourcingHandler
    void on(DoNotCallNumberRemoved event) {
        numbers.remove(event.phone());
    }
}
