package com.nlre.tenancy.command.outbox;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position an envelope carries is the event's own global index, also for an event that committed after a
 * later-numbered one: the outbox's tracking token is ahead of such an event, the history stream and a rebuild are not,
 * and all three must agree.
 */
class OutboxPositionTest extends CommandSideIntegrationTest {

    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private PlatformTransactionManager transactionManager;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private StoredEventPositions positions;

    @Test
    void anEventThatCommitsAfterALaterNumberedOneIsPublishedWithItsOwnPosition() throws Exception {
        TenantId lateTenant = TenantId.generate();
        TenantId earlyTenant = TenantId.generate();
        CountDownLatch lateAppended = new CountDownLatch(1);
        CountDownLatch earlyPublished = new CountDownLatch(1);

        CompletableFuture<Void> late = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
                    storageEngine.appendEvents(suspension(lateTenant));
                    lateAppended.countDown();
                    await(earlyPublished);
                }));
        EventEnvelope early;
        try {
            assertThat(lateAppended.await(10, TimeUnit.SECONDS)).as("the late event holds its position").isTrue();
            new TransactionTemplate(transactionManager)
                    .executeWithoutResult(status -> storageEngine.appendEvents(suspension(earlyTenant)));
            early = theOnePublishedEventOf(earlyTenant);
        } finally {
            earlyPublished.countDown();
        }
        late.get(10, TimeUnit.SECONDS);
        EventEnvelope gapFiller = theOnePublishedEventOf(lateTenant);

        assertThat(gapFiller.position()).isEqualTo(globalIndexOf(gapFiller.eventId())).isLessThan(early.position());
        assertThat(early.position()).isEqualTo(globalIndexOf(early.eventId()));
    }

    @Test
    void looksUpMoreEventsThanOneStatementTakesAndLeavesUnknownOnesOut() {
        TenantId tenant = TenantId.generate();
        List<GenericDomainEventMessage<TenantSuspended>> events = new ArrayList<>();
        for (int sequence = 0; sequence < JdbcStoredEventPositions.CHUNK + 20; sequence++) {
            events.add(suspension(tenant, sequence));
        }
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> storageEngine.appendEvents(events));
        List<String> asked = new ArrayList<>(events.stream().map(GenericDomainEventMessage::getIdentifier).toList());
        asked.add(60, "no-such-event");

        Map<String, Long> found = positions.positionsOf(asked);

        assertThat(found).hasSize(events.size()).doesNotContainKey("no-such-event");
        events.forEach(event -> assertThat(found.get(event.getIdentifier()))
                .isEqualTo(globalIndexOf(event.getIdentifier())));
    }

    private static GenericDomainEventMessage<TenantSuspended> suspension(TenantId tenantId) {
        return suspension(tenantId, 0);
    }

    private static GenericDomainEventMessage<TenantSuspended> suspension(TenantId tenantId, long sequence) {
        return new GenericDomainEventMessage<>("Tenant", tenantId.value(), sequence,
                new TenantSuspended(tenantId, "unpaid", Instant.now()), MetaData.with("tenantId", tenantId.value()));
    }

    /**
     * The tenant's one event as published; delivery is at-least-once, so it may have been sent more than once. Waits
     * out the outbox's longest back-off, should an earlier test have left it retrying.
     */
    private EventEnvelope theOnePublishedEventOf(TenantId tenantId) throws IOException {
        List<EventEnvelope> published = publishedEventsOf(tenantId.value(), 1, Duration.ofSeconds(90));
        assertThat(published).as("published events of " + tenantId).isNotEmpty();
        assertThat(published).extracting(EventEnvelope::eventId).containsOnly(published.get(0).eventId());
        return published.get(0);
    }

    private long globalIndexOf(String eventId) {
        return jdbc.queryForObject("select globalindex from domainevententry where eventidentifier = ?", Long.class,
                eventId);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(100, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the later-numbered event was not published");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
