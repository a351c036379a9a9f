package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.billing.InvoiceLine;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An issued invoice, as it was issued; amounts in minor units of {@code currency}. */
@Schema(name = "Invoice")
public record InvoiceView(String invoiceId, String tenantId, String period, Instant periodStart, Instant periodEnd,
                          String currency, List<InvoiceLine> lines, Map<String, Long> billedUsage, long totalMinor,
                          Instant issuedAt) {
}
