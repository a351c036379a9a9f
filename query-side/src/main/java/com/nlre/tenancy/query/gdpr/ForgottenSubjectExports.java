package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.springframework.stereotype.Component;

/**
 * When a data subject is forgotten, the stored tenant exports that may hold it in clear (every one requested up to the
 * erasure) are deleted with it. Idempotent: exports requested after the erasure show the subject erased and stay.
 */
@Component
public class ForgottenSubjectExports implements Projection {

    private final TenantExports exports;

    public ForgottenSubjectExports(TenantExports exports) {
        this.exports = exports;
    }

    @Override
    public void createIndexes() {
        // the export store creates its own indexes
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof DataSubjectForgotten forgotten) {
            exports.deleteStoredDataOf(forgotten.tenantId(), forgotten.subjectType(), forgotten.forgottenAt());
        }
    }
}
