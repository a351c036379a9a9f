package com.nlre.tenancy.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Eviction of cached standings by the tenant's own events read on the topic, as every instance does. */
class TenantStandingInvalidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantId tenant = TenantId.generate();
    private final TenantId other = TenantId.generate();
    private final Map<TenantId, TenantStanding> readModel = new ConcurrentHashMap<>();
    private final TenantStandingCache cache = new TenantStandingCache(id -> Optional.ofNullable(readModel.get(id)),
            Duration.ofMinutes(5), 1_000);
    private final TenantStandingInvalidator invalidator = new TenantStandingInvalidator(cache, JSON);

    @Test
    void aTenantEventSeenOnTheTopicEvictsThatTenantOnly() {
        project(tenant, TenantStatus.ACTIVE, 0);
        project(other, TenantStatus.ACTIVE, 0);
        cache.standingOf(tenant);
        cache.standingOf(other);

        project(tenant, TenantStatus.SUSPENDED, 1);
        project(other, TenantStatus.SUSPENDED, 1);
        invalidator.onMessage(record(envelope(tenant, "TenantSuspended", 1)));

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.SUSPENDED);
        assertThat(cache.statusOf(other)).as("still cached").contains(TenantStatus.ACTIVE);
    }

    @Test
    void anEventSeenBeforeItsProjectionKeepsTheOldStandingOutOfTheCache() {
        project(tenant, TenantStatus.ACTIVE, 0);
        cache.standingOf(tenant);

        invalidator.onMessage(record(envelope(tenant, "TenantCanceled", 1)));
        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
        project(tenant, TenantStatus.CANCELED, 1);

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.CANCELED);
    }

    @Test
    void ignoresEventsThatCannotChangeAStandingAndRecordsThatAreNotEnvelopes() {
        project(tenant, TenantStatus.ACTIVE, 0);
        cache.standingOf(tenant);
        project(tenant, TenantStatus.SUSPENDED, 1);

        invalidator.onMessage(record(envelope(tenant, "TenantUserLoggedIn", 7)));
        invalidator.onMessage(record(envelope(tenant, "LeadAdded", 8)));
        invalidator.onMessage(record(envelope(tenant, "SomethingNotInTheCatalog", 9)));
        invalidator.onMessage(record("not json"));
        invalidator.onMessage(record(null));
        invalidator.onMessage(record("{\"type\":\"TenantSuspended\",\"tenantId\":\"../etc\",\"aggregateSequence\":1}"));

        assertThat(cache.statusOf(tenant)).contains(TenantStatus.ACTIVE);
    }

    private void project(TenantId tenantId, TenantStatus status, long version) {
        readModel.put(tenantId, new TenantStanding(status, Plan.STARTER, version));
    }

    private static String envelope(TenantId tenantId, String type, long sequence) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "e-" + sequence);
        envelope.put("type", type);
        envelope.put("tenantId", tenantId.value());
        envelope.put("aggregateType", "Tenant");
        envelope.put("aggregateId", tenantId.value());
        envelope.put("aggregateSequence", sequence);
        envelope.putObject("payload");
        return envelope.toString();
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>(Topics.EVENTS, 0, 0, "key", value);
    }
}
