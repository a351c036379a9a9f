package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.command.billing.BillingCommands.IssueInvoice;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.tenant.TenantDirectory;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's invoice for one billing month, aggregate id {@code <tenantId>.<invoiceId>}. It exists at most once per
 * month, so issuing twice is refused as a conflict, and it never changes once issued.
 */
@Aggregate
public class Invoice {

    @AggregateIdentifier
    private String aggregateId;

    protected Invoice() {
        // for Axon's event sourcing
    }

    public static String aggregateId(TenantId tenantId, InvoiceId invoiceId) {
        return tenantId.value() + "." + invoiceId.value();
    }

    @CommandHandler
    public Invoice(IssueInvoice command, TenantDirectory tenants, Clock clock) {
        TenantStatus status = tenants.statusOf(command.tenantId())
                .orElseThrow(() -> new UnknownResource("TENANT_MUST_EXIST", command.tenantId().value()));
        InvoiceRules.offboardedTenantIsNotInvoiced(status);
        InvoiceRules.periodIsOneMonth(command.periodStart(), command.periodEnd());
        Instant now = clock.instant();
        InvoiceRules.periodMustHaveEnded(command.periodEnd(), now);
        String currency = InvoiceRules.knownCurrency(command.currency());
        apply(new InvoiceIssued(command.tenantId(), command.invoiceId(), command.invoiceId().period().toString(),
                command.periodStart(), command.periodEnd(), currency,
                InvoiceRules.validLines(command.lines(), command.totalMinor()),
                InvoiceRules.validUsage(command.billedUsage()), command.totalMinor(), now));
    }

    @EventSourcingHandler
    void on(InvoiceIssued event) {
        aggregateId = aggregateId(event.tenantId(), event.invoiceId());
    }
}
