package com.nlre.tenancy.query.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.usage.UsageReadModel;
import com.nlre.tenancy.query.usage.UsageRecord;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;

/** The caller's tenant's bill: the open month's preview, issued invoices, and its usage as billable records. */
@RestController
@RequestMapping(path = "/api/v1/billing")
@Tag(name = "Billing", description = "Invoices and billable usage of the caller's tenant")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class BillingQueryController {

    static final String NDJSON = "application/x-ndjson";
    private static final int EXPORT_WINDOW = 1_000;

    private final Billing billing;
    private final InvoiceProjection invoices;
    private final UsageReadModel usage;
    private final ObjectMapper json;

    public BillingQueryController(Billing billing, InvoiceProjection invoices, UsageReadModel usage,
                                  ObjectMapper json) {
        this.billing = billing;
        this.invoices = invoices;
        this.usage = usage;
        this.json = json;
    }

    @GetMapping(path = "/invoice-preview", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('PERM_billing.view')")
    @Operation(summary = "The open billing month's invoice as it stands now",
            description = """
                    Needs billing.view. Base fees of the plans held this month, prorated by the time each was held; \
                    calls beyond the month's allowance (the largest allowance of the plans held this month) at the \
                    unit price of the month's last plan that sells overage; and adjustments for calls of already \
                    invoiced months recorded after their invoice. Amounts in minor units.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The preview"),
                    @ApiResponse(responseCode = "403", description = "Missing billing.view",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public InvoiceDraft preview() {
        TenantId tenantId = TenantContext.requireTenantId();
        return billing.preview(tenantId).orElseThrow(() -> ProblemException.notFound("tenant", tenantId.value()));
    }

    @GetMapping(path = "/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('PERM_billing.view')")
    @Operation(summary = "The tenant's issued invoices, newest month first",
            description = "Needs billing.view. Invoices are issued by the billing run after a month closes and never "
                    + "change.")
    public List<InvoiceView> invoices(
            @Parameter(description = "At most this many, 1 to 120") @RequestParam(defaultValue = "24") int limit) {
        if (limit < 1 || limit > 120) {
            throw ProblemException.invalidParameter("limit", "must be between 1 and 120");
        }
        return invoices.invoicesOf(TenantContext.requireTenantId(), limit);
    }

    @GetMapping(path = "/invoices/{invoiceId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('PERM_billing.view')")
    @Operation(summary = "One issued invoice", description = "Needs billing.view. Ids are inv-YYYY-MM.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The invoice"),
                    @ApiResponse(responseCode = "404", description = "No such invoice in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public InvoiceView invoice(@PathVariable String invoiceId) {
        TenantId tenantId = TenantContext.requireTenantId();
        if (!InvoiceId.isValid(invoiceId)) {
            throw ProblemException.notFound("invoice", invoiceId);
        }
        return invoices.invoiceOf(tenantId, new InvoiceId(invoiceId))
                .orElseThrow(() -> ProblemException.notFound("invoice", invoiceId));
    }

    @GetMapping(path = "/usage-export", produces = NDJSON)
    @PreAuthorize("hasAuthority('PERM_billing.view')")
    @Operation(summary = "The month's billable usage, one JSON record per line",
            description = """
                    Needs billing.view. One record per usage ledger entry (an event's effect on one meter), in \
                    transactionId order. transactionId is stable across redeliveries, replays and rebuilds: a \
                    billing system that upserts by it ingests the export idempotently, however often it is taken.""")
    public ResponseEntity<StreamingResponseBody> export(
            @Parameter(description = "Billing month YYYY-MM", example = "2026-11") @RequestParam String period) {
        TenantId tenantId = TenantContext.requireTenantId();
        YearMonth month = month(period);
        StreamingResponseBody body = out -> write(out, tenantId, month);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    private void write(OutputStream out, TenantId tenantId, YearMonth month) throws IOException {
        String after = null;
        List<UsageRecord> window;
        do {
            window = usage.records(tenantId, month, after, EXPORT_WINDOW);
            for (UsageRecord record : window) {
                out.write(json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            after = window.isEmpty() ? after : window.get(window.size() - 1).transactionId();
        } while (window.size() == EXPORT_WINDOW);
        out.flush();
    }

    static YearMonth month(String period) {
        try {
            if (period != null && period.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(period);
            }
        } catch (DateTimeException invalid) {
            // answered below like any other malformed month
        }
        throw ProblemException.invalidParameter("period", "must be a month as YYYY-MM");
    }
}
