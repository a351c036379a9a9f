package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tenant status the edge applies, read through the platform path and cached briefly. */
class TenantStatusesTest {

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TenantProjection projection;
    private TenantStatuses statuses;

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
        statuses = new TenantStatuses(new TenantReadModel(new CrossTenantMongo(template, meters)),
                Duration.ofMillis(300));
    }

    @Test
    void keepsAReadStatusForTheCacheTtlThenReadsItAgain() {
        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));
        assertThat(statuses.statusOf(tenantId)).contains(TenantStatus.ACTIVE);

        projection.apply(TestEvents.received(new TenantSuspended(tenantId, "unpaid invoice", Instant.now()), 1));

        assertThat(statuses.statusOf(tenantId)).contains(TenantStatus.ACTIVE);
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.statusOf(tenantId).orElseThrow()
                == TenantStatus.SUSPENDED);
        assertThat(meters.get(CrossTenantMongo.READS_METRIC).tag("purpose", "tenant-status").counter().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void admitsANewTenantAsSoonAsItIsProjected() {
        assertThat(statuses.statusOf(tenantId)).isEmpty();

        projection.apply(TestEvents.received(TestEvents.created(tenantId, Plan.STARTER, Instant.now()), 0));

        assertThat(statuses.statusOf(tenantId)).contains(TenantStatus.ACTIVE);
    }
}
