package com.nlre.tenancy.events.billing;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A billing month was closed and invoiced. Issued invoices never change: usage of the month that arrives later is
 * billed as an adjustment line on a later invoice.
 *
 * @param billedUsage per meter wire name, the usage of {@code period} this invoice accounts for (what later
 *                    adjustments are measured against)
 * @param totalMinor  the sum of the lines' amounts, in minor units of {@code currency}
 */
@Revision("1")
public record InvoiceIssued(TenantId tenantId, InvoiceId invoiceId, String period, Instant periodStart,
                            Instant periodEnd, String currency, List<InvoiceLine> lines, Map<String, Long> billedUsage,
                            long totalMinor, Instant issuedAt) implements TenantEvent {

    public InvoiceIssued {
        lines = lines == null ? List.of() : List.copyOf(lines);
        billedUsage = billedUsage == null ? Map.of() : Map.copyOf(billedUsage);
    }
}
