package com.nlre.tenancy.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;

import java.time.Duration;
import java.util.Optional;

/**
 * Every tenant's standing as the edge applies it, read from the service's {@link TenantStandingStore} and kept for at
 * most the configured time to live ({@code nlre.tenant-cache.ttl}, 5 minutes by default), for at most
 * {@code maximumTenants} tenants (least recently used leave first). A tenant the store does not know is never cached,
 * so a new tenant is admitted as soon as the store has it.
 *
 * <p>Contract with the service: whenever one of the tenant's own lifecycle or plan events ({@link #changesStanding})
 * has been stored, it calls {@link #evict(TenantId)} once the store reflects it (after the commit), or
 * {@link #evict(TenantId, long)} with the event's sequence number when the store may still lag behind the event. Either
 * way the very next request reads the store again, so the change takes effect at once; without such a call (the
 * invalidation path is down) a standing is at most the time to live old.
 *
 * <p>An eviction while a read of the same tenant is in progress waits for that read and then discards its result, so
 * a standing read just before a change can never outlive the eviction.
 */
public class TenantStandingCache implements TenantStatusLookup {

    private final TenantStandingStore store;
    private final Cache<TenantId, TenantStanding> standings;
    /** Per tenant, the version a read must reach before it may be cached. */
    private final Cache<TenantId, Long> awaited;

    public TenantStandingCache(TenantStandingStore store, Duration timeToLive, long maximumTenants) {
        this(store, timeToLive, maximumTenants, Ticker.systemTicker());
    }

    TenantStandingCache(TenantStandingStore store, Duration timeToLive, long maximumTenants, Ticker ticker) {
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("the tenant cache's time to live must be positive, was " + timeToLive);
        }
        this.store = store;
        this.standings = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumTenants)
                .ticker(ticker).build();
        this.awaited = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumTenants)
                .ticker(ticker).build();
    }

    /**
     * Whether events of this type may change a tenant's standing: the tenant's own lifecycle and plan events, i.e. the
     * contract's tenant package (creation, plan change, suspension, reactivation, cancellation...), not the events of
     * its users, keys, leads or calls.
     */
    public static boolean changesStanding(Class<?> eventType) {
        return eventType.getPackageName().equals(TenantCreated.class.getPackageName());
    }

    @Override
    public Optional<TenantStanding> standingOf(TenantId tenantId) {
        TenantStanding[] notYetCurrent = new TenantStanding[1];
        TenantStanding cached = standings.get(tenantId, id -> {
            Optional<TenantStanding> read = store.read(id);
            if (read.isEmpty()) {
                return null;
            }
            Long version = awaited.getIfPresent(id);
            if (version != null && read.get().version() < version) {
                notYetCurrent[0] = read.get();
                return null;
            }
            if (version != null) {
                awaited.asMap().remove(id, version);
            }
            return read.get();
        });
        return Optional.ofNullable(cached != null ? cached : notYetCurrent[0]);
    }

    /** The tenant's standing changed and the store already reflects it: the next request reads it again. */
    public void evict(TenantId tenantId) {
        standings.invalidate(tenantId);
    }

    /**
     * The tenant's event with this sequence number changed its standing, and the store may not reflect it yet: the
     * next requests read the store again, and cache its answer only once it reflects that event (or once the time to
     * live has passed, so a store lagging longer than that is cached as it is).
     */
    public void evict(TenantId tenantId, long version) {
        awaited.asMap().merge(tenantId, version, Math::max);
        standings.invalidate(tenantId);
    }
}
