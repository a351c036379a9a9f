package com.nlre.tenancy.query.offboarding;

import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.query.data.TenantDataPurge;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * On {@link TenantOffboarded}: deletes every document of the tenant in every tenant-scoped collection
 * ({@link TenantDataPurge}), then whatever each {@link TenantDataEraser} holds of it. The tenant registry document stays
 * (the tenants projection sets it to {@code offboarded}). Idempotent under redelivery and rebuilds: offboarding is the
 * tenant's last event, so whatever replays its earlier events replays this purge after them.
 */
@Component
public class OffboardingProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(OffboardingProjection.class);

    private final TenantDataPurge purge;
    private final List<TenantDataEraser> erasers;
    private final OffboardedTenants offboarded;

    public OffboardingProjection(TenantDataPurge purge, List<TenantDataEraser> erasers, OffboardedTenants offboarded) {
        this.purge = purge;
        this.erasers = List.copyOf(erasers);
        this.offboarded = offboarded;
    }

    @Override
    public void createIndexes() {
        // keeps no collection of its own
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (!(event.payload() instanceof TenantOffboarded offboarded)) {
            return;
        }
        this.offboarded.markOffboarded(offboarded.tenantId());
        TenantDataPurge.Purged purged = purge.purge(offboarded.tenantId());
        erasers.forEach(eraser -> eraser.eraseAllOf(offboarded.tenantId()));
        log.info("Tenant {} offboarded: {} documents deleted from {} collections, {} other stores erased",
                offboarded.tenantId(), purged.documents(), purged.collections().size(), erasers.size());
    }
}
