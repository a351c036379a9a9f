package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.usage.UsageReadModel;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;

/** Computes a tenant's invoices from its billing terms, the usage ledger and the invoices already issued. */
@Component
public class Billing {

    private final BillingTermsProjection terms;
    private final InvoiceProjection invoices;
    private final UsageReadModel usage;
    private final Clock clock;

    public Billing(BillingTermsProjection terms, InvoiceProjection invoices, UsageReadModel usage, Clock clock) {
        this.terms = terms;
        this.invoices = invoices;
        this.usage = usage;
        this.clock = clock;
    }

    /** The open month's invoice as it stands now; empty for a tenant not projected yet. */
    public Optional<InvoiceDraft> preview(TenantId tenantId) {
        BillingTerms billing = terms.termsOf(tenantId);
        if (!billing.known()) {
            return Optional.empty();
        }
        return Optional.of(draft(tenantId, billing, billing.periodOf(clock.instant())));
    }

    InvoiceDraft draft(TenantId tenantId, BillingTerms billing, YearMonth period) {
        return InvoiceCalculator.compute(tenantId, period, billing, month -> usage.callsIn(tenantId, month),
                invoices.issuedOf(tenantId).stream().filter(issued -> !issued.period().equals(period)).toList());
    }
}
