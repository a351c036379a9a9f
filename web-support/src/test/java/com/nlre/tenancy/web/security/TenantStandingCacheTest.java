package com.nlre.tenancy.web.security;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TenantStandingCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final TenantId tenant = TenantId.generate();
    private final TenantId other = TenantId.generate();
    private final CountingStore store = new CountingStore();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final TenantStandingCache cache = new TenantStandingCache(store, TTL, 1_000, ticker);

    @Test
    void answersACachedStandingWithoutReadingTheStoreAgain() {
        store.put(tenant, TenantStatus.ACTIVE, Plan.STARTER, 0);

        assertThat(cache.standingOf(tenant)).map(TenantStanding::plan).contains(Plan.STARTER);
        assertThat(cache.standingOf(tenant)).map(TenantStanding::plan).contains(Plan.STARTER);
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);

        assertThat(store.reads(tenant)).isEqualTo(1);
    }

    @Test
    void keepsAStandingForAtMostItsTimeToLive() {
        store.put(tenant, TenantStatus.ACTIVE, Plan.STARTER, 0);
        cache.standingOf(tenant);
        store.put(tenant, TenantStatus.SUSPENDED, Plan.STARTER, 1);

        nanos.addAndGet(TTL.minusSeconds(1).toNanos());
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.SUSPENDED);
        assertThat(store.reads(tenant)).isEqualTo(2);
    }

    @Test
    void appliesASuspensionOnTheNextLookupOnceEvictedAlthoughTheOldStandingWasCached() {
        store.put(tenant, TenantStatus.ACTIVE, Plan.STARTER, 0);
        store.put(other, TenantStatus.ACTIVE, Plan.STARTER, 0);
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
        assertThat(cache.statusOf(other)).contains(TenantStatus.ACTIVE);

        store.put(tenant, TenantStatus.SUSPENDED, Plan.STARTER, 1);
        cache.evict(tenant);

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.SUSPENDED);
        assertThat(cache.statusOf(other)).contains(TenantStatus.ACTIVE);
        assertThat(store.reads(tenant)).isEqualTo(2);
        assertThat(store.reads(other)).isEqualTo(1);
    }

    @Test
    void appliesAPlanChangeOnTheNextLookupOnceEvicted() {
        store.put(tenant, TenantStatus.ACTIVE, Plan.FREE, 0);
        cache.standingOf(tenant);

        store.put(tenant, TenantStatus.ACTIVE, Plan.PROFESSIONAL, 1);
        cache.evict(tenant);

        assertThat(cache.standingOf(tenant)).map(TenantStanding::plan).contains(Plan.PROFESSIONAL);
    }

    @Test
    void neverCachesATenantTheStoreDoesNotKnowYet() {
        assertThat(cache.standingOf(tenant)).isEmpty();

        store.put(tenant, TenantStatus.ACTIVE, Plan.FREE, 0);

        assertThat(cache.standingOf(tenant)).isPresent();
        assertThat(store.reads(tenant)).isEqualTo(2);
    }

    @Test
    void doesNotCacheAStandingOlderThanTheEventThatEvictedIt() {
        store.put(tenant, TenantStatus.ACTIVE, Plan.STARTER, 3);
        cache.standingOf(tenant);

        cache.evict(tenant, 4);

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
        assertThat(store.reads(tenant)).as("a store that lags the event is read on every lookup").isEqualTo(3);

        store.put(tenant, TenantStatus.CANCELED, Plan.STARTER, 4);
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.CANCELED);
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.CANCELED);
        assertThat(store.reads(tenant)).as("once it reflects the event, it is cached again").isEqualTo(4);
    }

    @Test
    void cachesAtOnceWhenTheStoreAlreadyReflectsTheEvictingEvent() {
        store.put(tenant, TenantStatus.SUSPENDED, Plan.STARTER, 5);

        cache.evict(tenant, 5);
        cache.standingOf(tenant);
        cache.standingOf(tenant);

        assertThat(store.reads(tenant)).isEqualTo(1);
    }

    @Test
    void discardsAReadThatWasInProgressWhenTheTenantWasEvicted() throws Exception {
        store.put(tenant, TenantStatus.ACTIVE, Plan.STARTER, TenantStanding.CURRENT);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.pauseNextRead(reading, release);

        Thread reader = new Thread(() -> cache.standingOf(tenant));
        reader.start();
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        store.put(tenant, TenantStatus.SUSPENDED, Plan.STARTER, TenantStanding.CURRENT);
        Thread evictor = new Thread(() -> cache.evict(tenant));
        evictor.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> evictor.getState() != Thread.State.RUNNABLE);
        release.countDown();
        reader.join(5_000);
        evictor.join(5_000);

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.SUSPENDED);
    }

    /** A store that counts its reads and can hold one read until released. */
    private static final class CountingStore implements TenantStandingStore {

        private final Map<TenantId, TenantStanding> standings = new ConcurrentHashMap<>();
        private final Map<TenantId, AtomicInteger> reads = new ConcurrentHashMap<>();
        private volatile CountDownLatch reading;
        private volatile CountDownLatch release;

        void put(TenantId tenantId, TenantStatus status, Plan plan, long version) {
            standings.put(tenantId, new TenantStanding(status, plan, version));
        }

        void pauseNextRead(CountDownLatch reading, CountDownLatch release) {
            this.reading = reading;
            this.release = release;
        }

        int reads(TenantId tenantId) {
            return reads.getOrDefault(tenantId, new AtomicInteger()).get();
        }

        @Override
        public Optional<TenantStanding> read(TenantId tenantId) {
            reads.computeIfAbsent(tenantId, id -> new AtomicInteger()).incrementAndGet();
            Optional<TenantStanding> read = Optional.ofNullable(standings.get(tenantId));
            CountDownLatch paused = release;
            if (paused != null) {
                release = null;
                reading.countDown();
                try {
                    paused.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read;
        }
    }
}
