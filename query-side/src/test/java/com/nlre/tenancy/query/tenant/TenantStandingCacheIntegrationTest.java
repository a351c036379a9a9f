package com.nlre.tenancy.query.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.QuerySideIntegrationTest;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant standing is cached for 5 minutes, yet a cancellation published on the topic refuses the tenant within
 * seconds: this instance's invalidation consumer evicts the cached standing, and it is cached again once projected.
 */
class TenantStandingCacheIntegrationTest extends QuerySideIntegrationTest {

    @Test
    void aCancellationRefusesTheTenantAlthoughItsActiveStandingWasCached() {
        TenantId tenantId = TenantId.generate();
        UserId owner = UserId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, at), 0));
        publish(TestEvents.envelope(TestEvents.userAdded(tenantId, owner, "John Doe", "john@acmere.test", Role.OWNER,
                at), 1));
        String token = TestJwts.token(tenantId, owner, Role.OWNER, Role.OWNER.defaultPermissions());
        await().atMost(CATCH_UP).until(() -> me(token).getStatusCode() == HttpStatus.OK);

        publish(TestEvents.envelope(new TenantCanceled(tenantId, "closed the business", at.plusSeconds(1)), 2));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> me(token).getStatusCode() == HttpStatus.FORBIDDEN);
        ResponseEntity<JsonNode> refused = me(token);
        assertProblem(refused, "tenant-canceled");
    }

    private ResponseEntity<JsonNode> me(String token) {
        return get("/api/v1/users/me", bearer(token));
    }
}
