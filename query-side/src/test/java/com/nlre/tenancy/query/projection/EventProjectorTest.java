package com.nlre.tenancy.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** From a record's JSON to projections and position, without Spring. */
class EventProjectorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:40:00Z");
    private static InMemoryMongo mongo;

    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final TenantId tenantId = TenantId.generate();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingProjection recording = new RecordingProjection();
    private ProjectionPositions positions;
    private EventProjector projector;

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
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        positions = InMemoryMongo.positions(mongo.freshTemplate(), clock);
        projector = new EventProjector(new EventDecoder(json, meters, SubjectKeys.none()), List.of(recording), positions, clock, meters);
    }

    @Test
    void appliesTheTypedPayloadThenAdvancesThePosition() {
        TenantCreated created = TestEvents.created(tenantId, Plan.FREE, NOW);

        projector.project(tenantId.value(), TestEvents.json(TestEvents.envelope(created, 0, NOW.minusSeconds(2))));

        assertThat(recording.applied).extracting(ReceivedEvent::payload).containsExactly(created);
        assertThat(positions.sequenceOf(tenantId, tenantId.value())).hasValue(0);
        assertThat(meters.get("nlre.projection.lag").tag("type", "TenantCreated").timer().max(
                TimeUnit.SECONDS)).isEqualTo(2.0);
    }

    @Test
    void putsTheEventsTenantAndIdIntoEveryLogLineWhileProjecting() {
        EventEnvelope envelope = TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", NOW), 1);

        projector.project(tenantId.value(), TestEvents.json(envelope));

        assertThat(recording.contexts).singleElement().satisfies(context -> {
            assertThat(context).containsEntry(MetadataKeys.TENANT_ID, tenantId.value());
            assertThat(context).containsEntry(EventProjector.EVENT_ID, envelope.eventId());
            assertThat(context).containsEntry(MetadataKeys.CORRELATION_ID,
                    envelope.metadata().get(MetadataKeys.CORRELATION_ID));
        });
        assertThat(MDC.get(MetadataKeys.TENANT_ID)).isNull();
    }

    @Test
    void skipsAnUnknownEventTypeButStillAdvancesThePosition() {
        EventEnvelope suspended = TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", NOW), 4);
        EventEnvelope fromTheFuture = new EventEnvelope(suspended.eventId(), "TenantRenamed", "1", suspended.tenantId(),
                suspended.aggregateType(), suspended.aggregateId(), 4, NOW, suspended.metadata(),
                json.createObjectNode().put("tenantId", tenantId.value()).put("name", "New name"), null);

        projector.project(tenantId.value(), TestEvents.json(fromTheFuture));

        assertThat(recording.applied).isEmpty();
        assertThat(positions.sequenceOf(tenantId, tenantId.value())).hasValue(4);
        assertThat(meters.get("nlre.projection.skipped").tag("reason", "unknown-type").counter().count()).isEqualTo(1);
    }

    @Test
    void skipsARevisionItCannotRead() {
        EventEnvelope suspended = TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", NOW), 2);
        EventEnvelope revised = new EventEnvelope(suspended.eventId(), suspended.type(), "2", suspended.tenantId(),
                suspended.aggregateType(), suspended.aggregateId(), 2, NOW, suspended.metadata(), suspended.payload(),
                null);

        projector.project(tenantId.value(), TestEvents.json(revised));

        assertThat(recording.applied).isEmpty();
        assertThat(positions.sequenceOf(tenantId, tenantId.value())).hasValue(2);
    }

    @Test
    void ignoresPayloadFieldsAddedByANewerProducer() {
        EventEnvelope suspended = TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", NOW), 1);
        ((ObjectNode) suspended.payload()).put("suspendedBy", "billing");

        projector.project(tenantId.value(), TestEvents.json(suspended));

        assertThat(recording.applied).extracting(ReceivedEvent::payload)
                .containsExactly(new TenantSuspended(tenantId, "unpaid invoice", NOW));
    }

    @Test
    void refusesRecordsThatAreNotEnvelopes() {
        for (String value : new String[]{null, "", "not json", "{}", "{\"eventId\":\"e\",\"type\":\"TenantCreated\"}"}) {
            assertThatThrownBy(() -> projector.project(tenantId.value(), value))
                    .as(String.valueOf(value)).isInstanceOf(MalformedEventException.class);
        }
        assertThat(recording.applied).isEmpty();
    }

    @Test
    void refusesAPayloadOfAnotherTenantThanItsEnvelope() {
        EventEnvelope suspended = TestEvents.envelope(new TenantSuspended(TenantId.generate(), "x", NOW), 1);
        EventEnvelope mismatched = new EventEnvelope(suspended.eventId(), suspended.type(), "1", tenantId.value(),
                "Tenant", tenantId.value(), 1, NOW, Map.of(), suspended.payload(), null);

        assertThatThrownBy(() -> projector.project(tenantId.value(), TestEvents.json(mismatched)))
                .isInstanceOf(MalformedEventException.class);
        assertThat(positions.sequenceOf(tenantId, tenantId.value())).isEmpty();
    }

    @Test
    void leavesThePositionWhereItWasWhenAProjectionFails() {
        projector = new EventProjector(new EventDecoder(json, meters, SubjectKeys.none()), List.of(recording, new FailingProjection()), positions,
                Clock.fixed(NOW, ZoneOffset.UTC), meters);

        String record = TestEvents.json(TestEvents.envelope(TestEvents.created(tenantId, Plan.FREE, NOW), 0));

        assertThatThrownBy(() -> projector.project(tenantId.value(), record)).isInstanceOf(IllegalStateException.class);
        assertThat(positions.sequenceOf(tenantId, tenantId.value())).isEmpty();
        assertThat(MDC.get(EventProjector.EVENT_ID)).isNull();
    }

    @Test
    void neverRecordsANegativeLag() {
        TenantCreated created = TestEvents.created(tenantId, Plan.FREE, NOW);

        projector.project(tenantId.value(), TestEvents.json(TestEvents.envelope(created, 0, NOW.plus(Duration.ofMinutes(1)))));

        assertThat(meters.get("nlre.projection.lag").timer().count()).isEqualTo(1);
        assertThat(meters.get("nlre.projection.lag").timer().totalTime(TimeUnit.NANOSECONDS)).isZero();
    }

    private static final class RecordingProjection implements Projection {

        final List<ReceivedEvent> applied = new ArrayList<>();
        final List<Map<String, String>> contexts = new ArrayList<>();

        @Override
        public void createIndexes() {
        }

        @Override
        public void apply(ReceivedEvent event) {
            applied.add(event);
            contexts.add(MDC.getCopyOfContextMap());
        }
    }

    private static final class FailingProjection implements Projection {

        @Override
        public void createIndexes() {
        }

        @Override
        public void apply(ReceivedEvent event) {
            throw new IllegalStateException("MongoDB is down");
        }
    }
}
