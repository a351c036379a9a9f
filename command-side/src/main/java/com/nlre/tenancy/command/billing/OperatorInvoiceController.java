package com.nlre.tenancy.command.billing;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.billing.BillingCommands.IssueInvoice;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Issues invoices of closed billing months, for the billing run (the query side, which computes them from the usage
 * ledger) and operators. Tenants read their invoices on the query side.
 */
@RestController
@RequestMapping("/api/v1/operator/invoices")
@Tag(name = "Invoices (operators)", description = "Issuing the invoices of closed billing months")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class OperatorInvoiceController {

    private final CommandDispatcher dispatcher;

    public OperatorInvoiceController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @param invoiceId {@code inv-YYYY-MM}, the billing month invoiced
     * @param period    optional; when given, the same month as {@code invoiceId}
     */
    public record IssueInvoiceRequest(String tenantId, String invoiceId, String period, Instant periodStart,
                                      Instant periodEnd,
                                      String currency, List<InvoiceLine> lines, Map<String, Long> billedUsage,
                                      Long totalMinor) {
    }

    @Operation(summary = "Issue the invoice of a closed billing month",
            description = "Answers 201 with a consistency token. A month is invoiced at most once: issuing it again "
                    + "answers 409. The month must have ended; the total must be the sum of the lines; an overage "
                    + "line's amount is its quantity times its unit price. Amounts are in minor units.")
    @IdempotentCreation
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> issue(@RequestBody IssueInvoiceRequest request, Authentication actor) {
        String tenant = ValueRules.required("tenantId", request.tenantId());
        if (!TenantId.isValid(tenant)) {
            throw ProblemException.notFound("resource", tenant);
        }
        TenantId tenantId = new TenantId(tenant);
        RequestContextFilter.tenantIs(tenantId.value());
        if (!InvoiceId.isValid(request.invoiceId())) {
            throw ProblemException.invalidParameter("invoiceId", "must look like inv-YYYY-MM");
        }
        InvoiceId invoiceId = new InvoiceId(request.invoiceId());
        if (request.period() != null && !request.period().equals(invoiceId.period().toString())) {
            throw ProblemException.invalidParameter("period", "must be the month of invoiceId");
        }
        IssueInvoice command = new IssueInvoice(tenantId, invoiceId, request.periodStart(), request.periodEnd(),
                request.currency(), request.lines(), request.billedUsage(),
                ValueRules.required("totalMinor", request.totalMinor()));
        ConsistencyToken token = dispatcher.dispatch(tenantId, command.aggregateId(), command, actor);
        return ResponseEntity.created(URI.create("/api/v1/billing/invoices/" + invoiceId.value()))
                .header(ConsistencyToken.HEADER, token.format())
                .body(CommandAccepted.of(token));
    }
}
