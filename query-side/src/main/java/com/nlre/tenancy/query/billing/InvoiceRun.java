package com.nlre.tenancy.query.billing;

import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.CrossTenantPurpose;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The billing run: closes months. For every tenant, the oldest month that ended more than {@code grace} ago and has
 * no invoice yet is computed from the ledger and issued through the command side, which records it as an event. Each
 * run issues at most one month per tenant, oldest first, so months are invoiced in order. Several instances may run
 * at once: a month is issued at most once (the command side refuses a second one).
 */
@Component
public class InvoiceRun {

    private static final Logger log = LoggerFactory.getLogger(InvoiceRun.class);
    private static final int PAGE = 500;

    private final CrossTenantMongo tenants;
    private final BillingTermsProjection terms;
    private final InvoiceProjection invoices;
    private final Billing billing;
    private final InvoiceIssuer issuer;
    private final Clock clock;
    private final Duration grace;

    public InvoiceRun(CrossTenantMongo tenants, BillingTermsProjection terms, InvoiceProjection invoices,
                      Billing billing, InvoiceIssuer issuer, Clock clock,
                      @Value("${nlre.billing.grace:1h}") Duration grace) {
        this.tenants = tenants;
        this.terms = terms;
        this.invoices = invoices;
        this.billing = billing;
        this.issuer = issuer;
        this.clock = clock;
        this.grace = grace;
    }

    /** What one run did. */
    public record Result(int issued, int alreadyIssued, int failed) {
    }

    @Scheduled(initialDelayString = "${nlre.billing.run-every:10m}", fixedDelayString = "${nlre.billing.run-every:10m}")
    void scheduled() {
        Result result = run();
        if (result.issued() + result.failed() > 0) {
            log.info("Billing run: {} invoices issued, {} already issued, {} failed (retried next run)",
                    result.issued(), result.alreadyIssued(), result.failed());
        }
    }

    public Result run() {
        int issued = 0;
        int already = 0;
        int failed = 0;
        Object after = null;
        List<Document> page;
        do {
            Document filter = new Document("sequence", 0L);
            if (after != null) {
                filter.append("_id", new Document("$gt", after));
            }
            page = tenants.find(CrossTenantPurpose.BILLING_RUN, BillingTermsProjection.COLLECTION, filter,
                    new Document("_id", 1), 0, PAGE);
            for (Document created : page) {
                TenantId tenantId = new TenantId(created.getString("tenantId"));
                MDC.put("tenantId", tenantId.value());
                try {
                    switch (closeOldestMonth(tenantId).orElse(InvoiceIssuer.Outcome.ALREADY_ISSUED)) {
                        case ISSUED -> issued++;
                        case ALREADY_ISSUED -> already++;
                        case FAILED -> failed++;
                    }
                } finally {
                    MDC.remove("tenantId");
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).get("_id");
        } while (page.size() == PAGE);
        return new Result(issued, already, failed);
    }

    /** Issues the tenant's oldest closed month without an invoice; empty when every closed month is invoiced. */
    private Optional<InvoiceIssuer.Outcome> closeOldestMonth(TenantId tenantId) {
        BillingTerms billing = terms.termsOf(tenantId);
        if (!billing.known()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant lastDay = billing.endedAt() == null ? now : billing.endedAt();
        for (YearMonth month = billing.periodOf(billing.startedAt());
             !month.isAfter(billing.periodOf(lastDay)); month = month.plusMonths(1)) {
            if (billing.periodEnd(month).plus(grace).isAfter(now)) {
                return Optional.empty();
            }
            if (invoices.invoiceOf(tenantId, InvoiceId.of(month)).isEmpty()) {
                InvoiceIssuer.Outcome outcome = issuer.issue(this.billing.draft(tenantId, billing, month));
                if (outcome == InvoiceIssuer.Outcome.FAILED) {
                    log.warn("The invoice of {} could not be issued now; the next run tries again", month);
                }
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
