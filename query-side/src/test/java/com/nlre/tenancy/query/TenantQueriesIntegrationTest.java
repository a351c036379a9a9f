package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.web.ConsistencyToken;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operator queries over the tenants read model, end to end. */
class TenantQueriesIntegrationTest extends QuerySideIntegrationTest {

    @Test
    void showsACreatedTenantAsPlainJson() {
        TenantId tenantId = TenantId.generate();
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, createdAt), 0));

        JsonNode tenant = awaitTenant(tenantId, body -> true);
        assertThat(tenant.path("tenantId").asText()).isEqualTo(tenantId.value());
        assertThat(tenant.path("businessName").asText()).isEqualTo("Acme Real Estate Wholesalers");
        assertThat(tenant.path("businessType").asText()).isEqualTo("wholesale");
        assertThat(tenant.path("plan").asText()).isEqualTo("professional");
        assertThat(tenant.path("status").asText()).isEqualTo("active");
        assertThat(tenant.path("owner").path("email").asText()).isEqualTo("john@acmere.test");
        assertThat(tenant.path("limits").path("maxLeads").asLong()).isEqualTo(10_000);
        assertThat(tenant.path("configuration").path("tcpa").path("callWindowStart").asText()).isEqualTo("09:00:00");
        assertThat(tenant.path("createdAt").asText()).isEqualTo(createdAt.toString());
        assertThat(tenant.path("version").asLong()).isZero();
        assertThat(tenant.has("_id")).isFalse();
        assertThat(tenant.has("_class")).isFalse();
    }

    @Test
    void showsEveryChangeOfTheTenantsLifecycle() {
        TenantId tenantId = TenantId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.STARTER, at), 0));

        publish(TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", at.plusSeconds(1)), 1));
        JsonNode suspended = awaitTenant(tenantId, body -> body.path("version").asLong() == 1);
        assertThat(suspended.path("status").asText()).isEqualTo("suspended");
        assertThat(suspended.path("statusReason").asText()).isEqualTo("unpaid invoice");
        assertThat(suspended.path("suspendedAt").asText()).isEqualTo(at.plusSeconds(1).toString());

        publish(TestEvents.envelope(new TenantReactivated(tenantId, at.plusSeconds(2)), 2));
        JsonNode reactivated = awaitTenant(tenantId, body -> body.path("version").asLong() == 2);
        assertThat(reactivated.path("status").asText()).isEqualTo("active");
        assertThat(reactivated.path("statusReason").isNull()).isTrue();

        publish(TestEvents.envelope(new TenantPlanChanged(tenantId, Plan.STARTER, Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestEvents.pricing(Plan.PROFESSIONAL), at.plusSeconds(3)), 3));
        publish(TestEvents.envelope(new TenantConfigurationUpdated(tenantId,
                TestEvents.configuration("America/New_York"), at.plusSeconds(4)), 4));
        publish(TestEvents.envelope(new TenantBrandingUpdated(tenantId,
                new Branding(null, "#000000", "#ffffff", "Roboto"), at.plusSeconds(5)), 5));
        JsonNode changed = awaitTenant(tenantId, body -> body.path("version").asLong() == 5);
        assertThat(changed.path("plan").asText()).isEqualTo("professional");
        assertThat(changed.path("configuration").path("timezone").asText()).isEqualTo("America/New_York");
        assertThat(changed.path("branding").path("fontFamily").asText()).isEqualTo("Roboto");
        assertThat(changed.path("updatedAt").asText()).isEqualTo(at.plusSeconds(5).toString());

        publish(TestEvents.envelope(new TenantCanceled(tenantId, "closed the business", at.plusSeconds(6)), 6));
        JsonNode canceled = awaitTenant(tenantId, body -> body.path("version").asLong() == 6);
        assertThat(canceled.path("status").asText()).isEqualTo("canceled");
        assertThat(canceled.path("canceledAt").asText()).isEqualTo(at.plusSeconds(6).toString());
    }

    @Test
    void appliesTheSameEnvelopeOnceWhenItIsDeliveredTwice() {
        TenantId tenantId = TenantId.generate();
        Instant at = Instant.now();
        EventEnvelope suspension = TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", at), 1);
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, at), 0));
        publish(suspension);
        publish(TestEvents.envelope(new TenantReactivated(tenantId, at.plusSeconds(1)), 2));

        publish(suspension);
        publish(TestEvents.envelope(new TenantPlanChanged(tenantId, Plan.PROFESSIONAL, Plan.STARTER,
                new PlanLimits(1_000L, 500L, 1, 3, 10), TestEvents.pricing(Plan.STARTER), at.plusSeconds(2)), 3));

        JsonNode tenant = awaitTenant(tenantId, body -> body.path("version").asLong() == 3);
        assertThat(tenant.path("status").asText()).isEqualTo("active");
        assertThat(tenant.path("plan").asText()).isEqualTo("starter");
    }

    @Test
    void listsTenantsFilteredByStatusAndPlanPageByPage() {
        Instant future = Instant.parse("2099-01-01T00:00:00Z");
        List<TenantId> enterprise = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            TenantId tenantId = TenantId.generate();
            enterprise.add(tenantId);
            publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.ENTERPRISE, future.plusSeconds(i)), 0));
        }
        publish(TestEvents.envelope(new TenantSuspended(enterprise.get(3), "unpaid invoice", future.plusSeconds(10)), 1));
        TenantId starter = TenantId.generate();
        publish(TestEvents.envelope(TestEvents.created(starter, Plan.STARTER, future.plusSeconds(5)), 0));

        await().atMost(CATCH_UP).untilAsserted(() -> {
            assertThat(list("?plan=enterprise&status=suspended").path("totalItems").asLong()).isEqualTo(1);
            assertThat(list("?plan=enterprise&status=active").path("totalItems").asLong()).isEqualTo(3);
            assertThat(list("?plan=starter").path("totalItems").asLong()).isPositive();
        });

        JsonNode firstPage = list("?plan=enterprise&status=active&page=0&size=2");
        assertThat(ids(firstPage)).containsExactly(enterprise.get(2).value(), enterprise.get(1).value());
        assertThat(firstPage.path("page").asInt()).isZero();
        assertThat(firstPage.path("size").asInt()).isEqualTo(2);
        assertThat(firstPage.path("totalItems").asLong()).isEqualTo(3);
        assertThat(firstPage.path("totalPages").asInt()).isEqualTo(2);
        assertThat(ids(list("?plan=enterprise&status=active&page=1&size=2"))).containsExactly(enterprise.get(0).value());
        assertThat(ids(list("?plan=enterprise&status=suspended"))).containsExactly(enterprise.get(3).value());
        assertThat(ids(list("?plan=enterprise&size=100"))).containsExactly(enterprise.get(3).value(),
                enterprise.get(2).value(), enterprise.get(1).value(), enterprise.get(0).value());
        assertThat(ids(list("?size=1"))).containsExactly(starter.value());
        assertThat(list("?status=suspended&size=100").path("items"))
                .allSatisfy(item -> assertThat(item.path("status").asText()).isEqualTo("suspended"));
    }

    @Test
    void answersUnauthenticatedRequestsWithAProblem() {
        ResponseEntity<JsonNode> response = rest.getForEntity("/api/v1/tenants/" + TenantId.generate(), JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(response, "unauthenticated");

        ResponseEntity<JsonNode> wrongPassword = rest.withBasicAuth(OPERATOR, "not-the-password")
                .getForEntity("/api/v1/tenants", JsonNode.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void answersNotFoundForUnknownAndMalformedTenantIds() {
        for (String id : List.of(TenantId.generate().value(), "tenant_ABC", "x", "tenant_a.*", "{\"$gt\":\"\"}")) {
            ResponseEntity<JsonNode> response = rest.withBasicAuth(OPERATOR, PASSWORD)
                    .exchange("/api/v1/tenants/{id}", HttpMethod.GET, HttpEntity.EMPTY, JsonNode.class, id);

            assertThat(response.getStatusCode()).as(id).isEqualTo(HttpStatus.NOT_FOUND);
            assertProblem(response, "not-found");
        }
    }

    @Test
    void rejectsInvalidListParametersNamingTheParameter() {
        Map<String, String> invalid = Map.of(
                "?status=paused", "status",
                "?plan=platinum", "plan",
                "?size=0", "size",
                "?size=101", "size",
                "?page=-1", "page",
                "?size=ten", "size");
        invalid.forEach((query, parameter) -> {
            ResponseEntity<JsonNode> response = operatorGet("/api/v1/tenants" + query, new HttpHeaders());

            assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertProblem(response, "invalid-request");
            assertThat(response.getBody().path("errors").get(0).path("field").asText()).as(query).isEqualTo(parameter);
        });
    }

    @Test
    void waitsForAConsistencyTokenAndSaysWhetherItWasReached() {
        TenantId tenantId = TenantId.generate();
        Instant at = Instant.now();
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, at), 0));
        awaitTenant(tenantId, body -> true);

        publish(TestEvents.envelope(new TenantSuspended(tenantId, "unpaid invoice", at.plusSeconds(1)), 1));
        await().atMost(CATCH_UP).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = operatorGet("/api/v1/tenants/" + tenantId, token(tenantId, 1));
            assertThat(response.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");
            assertThat(response.getBody().path("status").asText()).isEqualTo("suspended");
        });

        long start = System.nanoTime();
        ResponseEntity<JsonNode> notYet = operatorGet("/api/v1/tenants/" + tenantId, token(tenantId, 2));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(notYet.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(notYet.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("false");
        assertThat(notYet.getBody().path("version").asLong()).isEqualTo(1);

        ResponseEntity<JsonNode> listed = operatorGet("/api/v1/tenants?status=suspended", token(tenantId, 1));
        assertThat(listed.getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true");

        ResponseEntity<JsonNode> withoutToken = operatorGet("/api/v1/tenants/" + tenantId, new HttpHeaders());
        assertThat(withoutToken.getHeaders().containsKey(ConsistencyToken.REACHED_HEADER)).isFalse();

        HttpHeaders malformed = new HttpHeaders();
        malformed.set(ConsistencyToken.HEADER, "not-a-token");
        ResponseEntity<JsonNode> rejected = operatorGet("/api/v1/tenants/" + tenantId, malformed);
        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(rejected, "invalid-request");
        assertThat(rejected.getBody().path("errors").get(0).path("field").asText()).isEqualTo(ConsistencyToken.HEADER);
    }

    @Test
    void keepsProjectingPastRecordsItCannotUse() throws Exception {
        TenantId tenantId = TenantId.generate();
        Instant at = Instant.now();
        producer().send(new ProducerRecord<>(Topics.EVENTS, tenantId.value(), "this is not an envelope"))
                .get(10, TimeUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, at), 0));
        EventEnvelope suspended = TestEvents.envelope(new TenantSuspended(tenantId, "x", at), 1);
        publish(new EventEnvelope(suspended.eventId(), "TenantRenamed", "1", suspended.tenantId(), "Tenant",
                suspended.aggregateId(), 1, at, suspended.metadata(), suspended.payload()));

        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(operatorGet("/api/v1/tenants/" + tenantId, token(tenantId, 1))
                .getHeaders().getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
        assertThat(operatorGet("/api/v1/tenants/" + tenantId, new HttpHeaders()).getBody().path("version").asLong()).isZero();
    }

    @Test
    void servesApiDocsReadinessAndTheProjectionLagMetric() {
        TenantId tenantId = TenantId.generate();
        publish(TestEvents.envelope(TestEvents.created(tenantId, Plan.PROFESSIONAL, Instant.now()), 0));
        awaitTenant(tenantId, body -> true);

        ResponseEntity<JsonNode> docs = rest.getForEntity("/v3/api-docs", JsonNode.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody().path("paths").has("/api/v1/tenants/{tenantId}")).isTrue();
        assertThat(docs.getBody().path("components").path("securitySchemes").path("operator").path("scheme").asText())
                .isEqualTo("basic");
        assertThat(docs.getBody().toString()).contains(ConsistencyToken.HEADER, ConsistencyToken.REACHED_HEADER);

        ResponseEntity<JsonNode> readiness = rest.getForEntity("/actuator/health/readiness", JsonNode.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody().path("status").asText()).isEqualTo("UP");

        ResponseEntity<String> metrics = rest.getForEntity("/actuator/prometheus", String.class);
        assertThat(metrics.getBody()).contains("nlre_projection_lag_seconds_count{", "type=\"TenantCreated\"");
    }

    private JsonNode awaitTenant(TenantId tenantId, Predicate<JsonNode> condition) {
        return await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(50)).until(() -> {
            ResponseEntity<JsonNode> response = operatorGet("/api/v1/tenants/" + tenantId, new HttpHeaders());
            return response.getStatusCode() == HttpStatus.OK ? response.getBody() : null;
        }, body -> body != null && condition.test(body));
    }

    private JsonNode list(String query) {
        ResponseEntity<JsonNode> response = operatorGet("/api/v1/tenants" + query, new HttpHeaders());
        assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> operatorGet(String path, HttpHeaders headers) {
        return asOperator(path, headers);
    }

    private static HttpHeaders token(TenantId tenantId, long sequence) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenantId, tenantId.value(), sequence).format());
        return headers;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("tenantId").asText()));
        return ids;
    }
}
