package com.nlre.tenancy.query.consistency;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Projection positions and waiting for them, on an in-memory MongoDB without Spring. */
class ConsistencyWaiterTest {

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ProjectionPositions positions;
    private ConsistencyWaiter waiter;

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
        positions = InMemoryMongo.positions(mongo.freshTemplate(), Clock.systemUTC());
        waiter = waiterGivingUpAfter(Duration.ofSeconds(10));
    }

    @Test
    void positionsOnlyMoveForward() {
        positions.advance(tenantId, tenantId.value(), 0);
        positions.advance(tenantId, tenantId.value(), 3);
        positions.advance(tenantId, tenantId.value(), 1);

        assertThat(positions.sequenceOf(tenantId, tenantId.value())).hasValue(3);
        assertThat(positions.sequenceOf(tenantId, "another-aggregate")).isEmpty();
        assertThat(positions.sequenceOf(TenantId.generate(), tenantId.value())).isEmpty();
    }

    @Test
    void answersAtOnceWhenTheTokenIsAlreadyReached() {
        positions.advance(tenantId, tenantId.value(), 2);

        long start = System.nanoTime();
        ConsistencyOutcome outcome = waiter.awaitIfRequested(tenantId.value() + ":" + tenantId.value() + ":2");

        assertThat(outcome).isEqualTo(ConsistencyOutcome.REACHED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void waitsUntilTheProjectionCatchesUp() throws Exception {
        positions.advance(tenantId, tenantId.value(), 0);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() ->
                waiter.await(new ConsistencyToken(tenantId, tenantId.value(), 1)));

        Thread.sleep(50);
        positions.advance(tenantId, tenantId.value(), 1);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givesUpAfterTheMaximumWaitAndSaysSo() {
        positions.advance(tenantId, tenantId.value(), 0);

        ConsistencyWaiter waiter = waiterGivingUpAfter(Duration.ofMillis(300));

        long start = System.nanoTime();
        boolean reached = waiter.await(new ConsistencyToken(tenantId, tenantId.value(), 5));

        assertThat(reached).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(290), Duration.ofSeconds(2));
        assertThat(meters.get("nlre.consistency.wait").tag("reached", "false").timer().count()).isEqualTo(1);
    }

    @Test
    void answersATokenHeldBackByAParkedEventAsNotReachedAfterOneLookInsteadOfPolling() {
        MongoTemplate template = mongo.freshTemplate();
        AtomicInteger reads = new AtomicInteger();
        ProjectionPositions counted = new ProjectionPositions(new TenantScopedMongo(template),
                new MongoSchema(template), Clock.systemUTC()) {
            @Override
            public OptionalLong sequenceOf(TenantId tenant, String aggregateId) {
                reads.incrementAndGet();
                return super.sequenceOf(tenant, aggregateId);
            }
        };
        String parkedAggregate = tenantId + ".crm-1";
        counted.advance(tenantId, parkedAggregate, 0);
        ParkedEvents parkedFromOne = (tenant, aggregateId, sequence) -> tenant.equals(tenantId)
                && aggregateId.equals(parkedAggregate) && sequence >= 1;
        ConsistencyWaiter waiter = new ConsistencyWaiter(counted, parkedFromOne,
                new ConsistencyProperties(Duration.ofSeconds(30), Duration.ofMillis(10)), meters);

        assertThat(waiter.await(new ConsistencyToken(tenantId, parkedAggregate, 2))).isFalse();
        assertThat(reads).as("the position was read once, never polled").hasValue(1);
        assertThat(meters.get("nlre.consistency.wait").tag("reached", "false").timer().count()).isEqualTo(1);
        assertThat(waiter.await(new ConsistencyToken(tenantId, parkedAggregate, 0))).as("applied before the parked one")
                .isTrue();
    }

    @Test
    void waitsOnATenantRouteOnlyForTheCallersOwnTenant() {
        TenantId other = TenantId.generate();
        positions.advance(tenantId, tenantId.value(), 1);
        positions.advance(other, other.value(), 1);

        assertThat(waiter.awaitIfRequested(tenantId + ":" + tenantId + ":1", tenantId))
                .isEqualTo(ConsistencyOutcome.REACHED);
        assertThatThrownBy(() -> waiter.awaitIfRequested(other + ":" + other + ":1", tenantId))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(problem.getMessage()).startsWith(ConsistencyToken.HEADER);
                });
        assertThat(waiter.awaitIfRequested(null, tenantId)).isEqualTo(ConsistencyOutcome.NOT_REQUESTED);
    }

    @Test
    void waitsForNothingWithoutAToken() {
        assertThat(waiter.awaitIfRequested(null)).isEqualTo(ConsistencyOutcome.NOT_REQUESTED);
    }

    @Test
    void rejectsAHeaderThatIsNotAToken() {
        assertThatThrownBy(() -> waiter.awaitIfRequested("tenant_abc123:x"))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(problem.getMessage()).startsWith(ConsistencyToken.HEADER);
                });
    }

    private ConsistencyWaiter waiterGivingUpAfter(Duration maxWait) {
        return new ConsistencyWaiter(positions, new ConsistencyProperties(maxWait, Duration.ofMillis(10)), meters);
    }
}
