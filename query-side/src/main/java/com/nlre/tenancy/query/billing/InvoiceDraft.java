package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.billing.InvoiceLine;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An invoice as computed from the usage ledger and the tenant's billing terms: a preview of the open month, or the
 * invoice the billing run issues for a closed one. Amounts in minor units of {@code currency}.
 *
 * @param billedUsage per meter, the month's usage this invoice accounts for
 */
@Schema(name = "InvoiceDraft")
public record InvoiceDraft(String tenantId, String invoiceId, String period, Instant periodStart, Instant periodEnd,
                           String currency, List<InvoiceLine> lines, Map<String, Long> billedUsage, long totalMinor) {
}
