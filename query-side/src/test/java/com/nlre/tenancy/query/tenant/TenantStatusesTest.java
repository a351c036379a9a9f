package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.web.security.TenantStanding;
import com.nlre.tenancy.web.security.TenantStandingCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant standing the edge applies, read from the tenants read model through the platform path, behind
 * web-support's cache as the service wires it (5 minutes).
 */
class TenantStatusesTest {

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TenantProjection projection;
    private TenantStatuses statuses;
    private TenantStandingCache cache;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        MongoTemplate template = mongo.freshTemplate();
        projection = new TenantProjection(new TenantScopedMongo(template), new MongoSchema(template));
        statuses = new TenantStatuses(new TenantReadModel(new CrossTenantMongo(template, meters)));
        cache = new TenantStandingCache(statuses, Duration.ofMinutes(5), 1_000);
    }

    @Test
    void readsStatusPlanAndTheLastAppliedTenantEvent() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));
        projection.apply(TestEvents.received(new TenantSuspended(tenantId, "unpaid invoice", Instant.now()), 1));

        assertThat(statuses.read(tenantId)).contains(new TenantStanding(TenantStatus.SUSPENDED, Plan.STARTER, 1));
    }

    @Test
    void aCacheHitDoesNotQueryTheReadModel() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));

        for (int i = 0; i < 5; i++) {
            assertThat(cache.statusOf(tenantId)).contains(TenantStatus.ACTIVE);
        }

        assertThat(tenantStatusReads()).isEqualTo(1);
    }

    @Test
    void aSuspensionTakesEffectOnTheNextLookupOnceItsEventEvictedTheCachedStanding() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));
        assertThat(cache.statusOf(tenantId)).contains(TenantStatus.ACTIVE);

        cache.evict(tenantId, 1);
        assertThat(cache.statusOf(tenantId)).as("not projected yet").contains(TenantStatus.ACTIVE);
        projection.apply(TestEvents.received(new TenantSuspended(tenantId, "unpaid invoice", Instant.now()), 1));

        assertThat(cache.statusOf(tenantId)).contains(TenantStatus.SUSPENDED);
        assertThat(cache.statusOf(tenantId)).contains(TenantStatus.SUSPENDED);
        assertThat(tenantStatusReads()).isEqualTo(3);
    }

    @Test
    void aPlanChangeTakesEffectOnTheNextLookupEvenWhenProjectedBeforeTheEvictionArrives() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));
        assertThat(cache.standingOf(tenantId)).map(TenantStanding::plan).contains(Plan.STARTER);

        projection.apply(TestEvents.received(new TenantPlanChanged(tenantId, Plan.STARTER, Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestEvents.pricing(Plan.PROFESSIONAL),
                Instant.now()), 1));
        cache.evict(tenantId, 1);

        assertThat(cache.standingOf(tenantId)).map(TenantStanding::plan).contains(Plan.PROFESSIONAL);
    }

    @Test
    void admitsANewTenantAsSoonAsItIsProjected() {
        assertThat(cache.statusOf(tenantId)).isEmpty();

        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));

        assertThat(cache.statusOf(tenantId)).contains(TenantStatus.ACTIVE);
    }

    @Test
    void aCancellationTakesEffectAlthoughTheActiveStandingWasCached() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.FREE, Instant.now()), 0));
        cache.statusOf(tenantId);

        projection.apply(TestEvents.received(new TenantCanceled(tenantId, "closed the business", Instant.now()), 1));
        assertThat(cache.statusOf(tenantId)).as("cached until its event evicts it").contains(TenantStatus.ACTIVE);
        cache.evict(tenantId, 1);

        assertThat(cache.statusOf(tenantId)).contains(TenantStatus.CANCELED);
    }

    private double tenantStatusReads() {
        return meters.get(CrossTenantMongo.READS_METRIC).tag("purpose", "tenant-status").counter().count();
    }
}
