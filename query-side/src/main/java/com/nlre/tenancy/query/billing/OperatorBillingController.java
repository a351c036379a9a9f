package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Billing across tenants, for platform operators (HTTP Basic operator credential; every request is audited). */
@RestController
@RequestMapping(path = "/api/v1/operator/billing", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Billing (operators)", description = "Invoices of every tenant, previews, and the billing run")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class OperatorBillingController {

    private final CrossTenantMongo mongo;
    private final InvoiceProjection invoices;
    private final Billing billing;
    private final InvoiceRun run;

    public OperatorBillingController(CrossTenantMongo mongo, InvoiceProjection invoices, Billing billing,
                                     InvoiceRun run) {
        this.mongo = mongo;
        this.invoices = invoices;
        this.billing = billing;
        this.run = run;
    }

    @GetMapping("/invoices")
    @Operation(summary = "Issued invoices across tenants, newest month first",
            description = "Filter by tenant and/or month; page with page (from 0) and size (1 to 200).")
    public List<InvoiceView> invoices(@RequestParam(required = false) @Nullable String tenantId,
                                      @Parameter(description = "YYYY-MM") @RequestParam(required = false)
                                      @Nullable String period,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw ProblemException.invalidParameter(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and 200");
        }
        Document filter = new Document();
        if (tenantId != null) {
            filter.append("tenantId", existing(tenantId).value());
        }
        if (period != null) {
            filter.append("period", BillingQueryController.month(period).toString());
        }
        return mongo.find(CrossTenantPurpose.OPERATOR_QUERY, InvoiceProjection.COLLECTION, filter,
                        new Document("period", -1).append("tenantId", 1), (long) page * size, size).stream()
                .map(invoices::view).toList();
    }

    @GetMapping("/invoice-preview")
    @Operation(summary = "A tenant's open month's invoice as it stands now")
    public InvoiceDraft preview(@RequestParam String tenantId) {
        TenantId id = existing(tenantId);
        return billing.preview(id).orElseThrow(() -> ProblemException.notFound("tenant", tenantId));
    }

    @PostMapping("/runs")
    @Operation(summary = "Run the billing run now",
            description = "Closes, for every tenant, its oldest month that ended more than the grace period ago and "
                    + "has no invoice yet. The run also happens on its schedule (nlre.billing.run-every).")
    public InvoiceRun.Result runNow() {
        return run.run();
    }

    private static TenantId existing(String tenantId) {
        if (!TenantId.isValid(tenantId)) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        RequestContextFilter.tenantIs(tenantId);
        return new TenantId(tenantId);
    }
}
