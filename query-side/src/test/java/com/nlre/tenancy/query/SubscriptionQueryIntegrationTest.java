package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's own subscription view: each of two tenants sees only its own plan, status and dates, and a tenant whose
 * trial ended sees why it is suspended.
 */
class SubscriptionQueryIntegrationTest extends QuerySideIntegrationTest {

    private static final Instant AT = Instant.parse("2026-11-10T15:00:00Z");
    private static final String REASON = "The trial ended at 2026-12-10T15:00:00Z without a paid subscription; new "
            + "subscription dates reactivate the tenant.";

    private record Tenant(TenantId id, UserId owner, TenantCreated created, long lastSequence) {

        String token(Permission... permissions) {
            return TestJwts.token(id, owner, Role.OWNER, EnumSet.of(permissions[0], permissions));
        }
    }

    @Test
    void eachTenantSeesOnlyItsOwnSubscriptionAndWhyItIsSuspended() {
        Tenant ended = tenant(Plan.STARTER);
        Instant endedAt = ended.created().trialEndsAt().plusSeconds(3);
        publish(TestEvents.envelope(new TenantTrialEnded(ended.id(), ended.created().trialEndsAt(), endedAt), 2));
        publish(TestEvents.envelope(new TenantSuspended(ended.id(), REASON, endedAt), 3));
        ended = new Tenant(ended.id(), ended.owner(), ended.created(), 3);
        Tenant active = tenant(Plan.PROFESSIONAL);

        JsonNode suspended = awaitSubscription(ended);
        JsonNode running = awaitSubscription(active);

        assertThat(suspended.path("tenantId").asText()).isEqualTo(ended.id().value());
        assertThat(suspended.path("plan").asText()).isEqualTo("starter");
        assertThat(suspended.path("status").asText()).isEqualTo("suspended");
        assertThat(suspended.path("statusReason").asText()).isEqualTo(REASON);
        assertThat(Instant.parse(suspended.path("suspendedAt").asText())).isEqualTo(endedAt);
        assertThat(Instant.parse(suspended.path("trialEndsAt").asText())).isEqualTo(ended.created().trialEndsAt());
        assertThat(running.path("tenantId").asText()).isEqualTo(active.id().value());
        assertThat(running.path("status").asText()).isEqualTo("active");
        assertThat(running.path("statusReason").isMissingNode() || running.path("statusReason").isNull()).isTrue();
        assertThat(Instant.parse(running.path("subscriptionEndsAt").asText()))
                .isEqualTo(active.created().subscriptionEndsAt());
        assertThat(suspended.toString()).doesNotContain(active.id().value());
        assertThat(running.toString()).doesNotContain(ended.id().value());
    }

    @Test
    void needsBillingView() {
        Tenant tenant = tenant(Plan.STARTER);
        awaitSubscription(tenant);

        ResponseEntity<JsonNode> reader = get("/api/v1/subscription", bearer(tenant.token(Permission.LEADS_READ)));

        assertThat(reader.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(reader, "forbidden");
        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("components").path("schemas").path("Subscription").path("properties")
                .has("statusReason")).isTrue();
    }

    private static Tenant tenant(Plan plan) {
        TenantId id = TenantId.generate();
        UserId owner = UserId.generate();
        TenantCreated created = TestEvents.created(id, plan, AT);
        publish(TestEvents.envelope(created, 0));
        publish(TestEvents.envelope(TestEvents.userAdded(id, owner, "John Doe", "john@acmere.test", Role.OWNER, AT),
                1));
        return new Tenant(id, owner, created, 1);
    }

    private JsonNode awaitSubscription(Tenant tenant) {
        HttpHeaders headers = bearer(tenant.token(Permission.BILLING_VIEW));
        headers.set(ConsistencyToken.HEADER,
                new ConsistencyToken(tenant.id(), tenant.id().value(), tenant.lastSequence()).format());
        JsonNode[] body = new JsonNode[1];
        await().atMost(CATCH_UP).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = get("/api/v1/subscription", headers);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
            body[0] = response.getBody();
        });
        return body[0];
    }
}
