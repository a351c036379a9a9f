package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.web.security.TenantStanding;
import com.nlre.tenancy.web.security.TenantStandingCache;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TenantStandingEvictionTest {

    private final TenantId tenant = TenantId.generate();
    private final AtomicReference<TenantStanding> directory = new AtomicReference<>(
            new TenantStanding(TenantStatus.ACTIVE, Plan.STARTER, TenantStanding.CURRENT));
    private final AtomicInteger reads = new AtomicInteger();
    private final TenantStandingCache cache = new TenantStandingCache(id -> {
        reads.incrementAndGet();
        return Optional.of(directory.get());
    }, Duration.ofMinutes(5), 100);
    private final TenantStandingEviction eviction = new TenantStandingEviction(cache);

    @Test
    void evictsTheTenantOnlyOnceTheTransactionOfItsSuspensionCommitted() {
        cache.standingOf(tenant);
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);

        eviction.on(new TenantSuspended(tenant, "unpaid", Instant.now()));
        assertThat(cache.statusOf(tenant)).as("before the commit").contains(TenantStatus.ACTIVE);
        directory.set(new TenantStanding(TenantStatus.SUSPENDED, Plan.STARTER, TenantStanding.CURRENT));
        command.commit();

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.SUSPENDED);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void keepsTheTenantCachedOnEventsThatCannotChangeItsStanding() {
        cache.standingOf(tenant);

        eviction.on(new DoNotCallNumberAdded(tenant, "+15551234567", null, Instant.now()));
        cache.standingOf(tenant);

        assertThat(reads.get()).isEqualTo(1);
    }
}
