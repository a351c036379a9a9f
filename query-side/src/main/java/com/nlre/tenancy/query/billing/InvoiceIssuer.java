package com.nlre.tenancy.query.billing;

/** Where the billing run sends the invoices it computed: the command side, which records them as events. */
public interface InvoiceIssuer {

    enum Outcome {
        ISSUED,
        /** The month was invoiced before (by another run or instance): nothing to do. */
        ALREADY_ISSUED,
        /** Not issued now; the next run tries again. */
        FAILED
    }

    Outcome issue(InvoiceDraft draft);
}
