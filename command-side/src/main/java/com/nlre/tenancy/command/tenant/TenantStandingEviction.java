package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.web.security.TenantStandingCache;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Evicts a tenant from this instance's {@link TenantStandingCache} as soon as one of the tenant's own lifecycle or plan
 * events (suspension, reactivation, cancellation, plan change...: {@link TenantStandingCache#changesStanding}) is
 * stored here, so the very next request sees it. Runs in the subscribing {@value TenantDirectory#PROCESSING_GROUP} processor, which
 * sees every tenant event this instance stores, and evicts only after the transaction committed: a read between the
 * event and the commit would otherwise put the old standing back. Other instances evict when they read the event on
 * the topic (web-support's {@code TenantStandingInvalidator}).
 */
@Component
@ProcessingGroup(TenantDirectory.PROCESSING_GROUP)
class TenantStandingEviction {

    private final TenantStandingCache standings;

    TenantStandingEviction(TenantStandingCache standings) {
        this.standings = standings;
    }

    @EventHandler
    void on(TenantEvent event) {
        if (!TenantStandingCache.changesStanding(event.getClass())) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // the database transaction's own commit, which may be later than the unit of work's (an idempotent
            // request's transaction spans its whole handler)
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    standings.evict(event.tenantId());
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> standings.evict(event.tenantId()));
        } else {
            standings.evict(event.tenantId());
        }
    }
}
