package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a tenant's own do-not-call list (one list per tenant). */
public final class DoNotCallCommands {

    private DoNotCallCommands() {
    }

    interface DoNotCallCommand {
        TenantId tenantId();

        @TargetAggregateIdentifier
        default String aggregateId() {
            return DoNotCallList.aggregateIdOf(tenantId());
        }
    }

    public record AddToDoNotCallList(TenantId tenantId, String phone, String reason) implements DoNotCallCommand {
    }

    public record RemoveFromDoNotCallList(TenantId tenantId, String phone) implements DoNotCallCommand {
    }
}
