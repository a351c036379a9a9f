package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Commands of a tenant's billing. */
public final class BillingCommands {

    private BillingCommands() {
    }

    /**
     * Issue the invoice of a closed billing month, as the billing run computed it from the usage ledger. Issuing is
     * idempotent in effect: a month's invoice exists at most once (a second attempt is a conflict).
     */
    public record IssueInvoice(TenantId tenantId, InvoiceId invoiceId, Instant periodStart, Instant periodEnd,
                               String currency, List<InvoiceLine> lines, Map<String, Long> billedUsage,
                               long totalMinor) {

        @TargetAggregateIdentifier
        public String aggregateId() {
            return Invoice.aggregateId(tenantId, invoiceId);
        }
    }
}
