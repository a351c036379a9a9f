package com.nlre.tenancy.command.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TenantCommandApiTest extends CommandSideIntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void createsATenantAndPublishesItsEventsToKafkaKeyedByTenantInOrder() throws Exception {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional", null));

        assertThat(created.status()).isEqualTo(201);
        String tenantId = created.json().get("tenantId").asText();
        assertThat(tenantId).matches("tenant_[a-z0-9]{16}");
        assertThat(created.consistencyToken()).as("tenant created, owner added").isEqualTo(tenantId + ":" + tenantId + ":1");

        assertThat(send("POST", "/api/v1/tenants/" + tenantId + "/suspend", "{\"reason\":\"unpaid invoice\"}")
                .consistencyToken()).isEqualTo(tenantId + ":" + tenantId + ":2");
        assertThat(send("POST", "/api/v1/tenants/" + tenantId + "/reactivate", null).status()).isEqualTo(200);

        List<EventEnvelope> published = publishedEventsOf(tenantId, 4);
        assertThat(published).extracting(EventEnvelope::type)
                .containsExactly("TenantCreated", "TenantUserAdded", "TenantSuspended", "TenantReactivated");
        assertThat(published).extracting(EventEnvelope::aggregateSequence).containsExactly(0L, 1L, 2L, 3L);
        EventEnvelope first = published.get(0);
        assertThat(first.tenantId()).isEqualTo(tenantId);
        assertThat(first.revision()).isEqualTo("1");
        assertThat(first.metadata()).containsEntry("tenantId", tenantId).containsEntry("actorId", OPERATOR)
                .containsEntry("actorType", "operator").containsKey("correlationId");
        assertThat(first.payload().get("plan").asText()).isEqualTo("professional");
        assertThat(first.payload().get("limits").get("maxLeads").asLong()).isEqualTo(10_000L);
        EventEnvelope owner = published.get(1);
        assertThat(owner.payload().get("userId").asText()).isEqualTo(created.json().get("ownerUserId").asText());
        assertThat(owner.payload().get("role").asText()).isEqualTo("owner");
        // personal data travels sealed under the user's key (README: personal data and erasure)
        assertThat(owner.payload().get("profile").get("sealed").asText()).startsWith("pd1:");
        assertThat(owner.payload().toString()).doesNotContain("john@acmere.com");
    }

    @Test
    void createsTheOwnerWithATemporaryPasswordShownOnceUnlessOneIsGiven() {
        Response generated = send("POST", "/api/v1/tenants", createTenantBody("starter", null));
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().get("ownerUserId").asText()).matches("user_[a-z0-9]{16}");
        String temporary = generated.json().get("initialOwnerPassword").asText();
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(12);
        assertThat(generated.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        assertThat(login(generated.json().get("tenantId").asText(), "john@acmere.com", temporary)).isNotBlank();

        Response chosen = send("POST", "/api/v1/tenants",
                createTenantBody("starter", "\"ownerPassword\":\"correct horse battery\""));
        assertThat(chosen.status()).isEqualTo(201);
        assertThat(chosen.json().has("initialOwnerPassword")).isFalse();
        assertThat(login(chosen.json().get("tenantId").asText(), "john@acmere.com", "correct horse battery")).isNotBlank();
    }

    @Test
    void refusesAShortOwnerPasswordAndStoresNothing() {
        long before = allEvents();
        Response refused = send("POST", "/api/v1/tenants", createTenantBody("starter", "\"ownerPassword\":\"short\""));
        assertThat(fieldAtFault(refused)).isEqualTo("ownerPassword");
        assertThat(refused.json().get("rule").asText()).isEqualTo("PASSWORD_POLICY");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void walksTheLifecycleAndNamesTheRuleItRefuses() {
        String tenantId = createTenant();
        String base = "/api/v1/tenants/" + tenantId;

        assertThat(send("POST", base + "/reactivate", null).json().get("rule").asText())
                .isEqualTo("ONLY_SUSPENDED_TENANT_CAN_BE_REACTIVATED");
        assertThat(send("POST", base + "/suspend", "{\"reason\":\"chargeback\"}").status()).isEqualTo(200);
        Response twice = send("POST", base + "/suspend", "{\"reason\":\"again\"}");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.json().get("type").asText()).isEqualTo("urn:nlre:problem:business-rule-violated");
        assertThat(twice.json().get("rule").asText()).isEqualTo("ONLY_ACTIVE_TENANT_CAN_BE_SUSPENDED");

        assertThat(send("PUT", base + "/plan", "{\"plan\":\"starter\"}").status()).isEqualTo(200);
        assertThat(send("PATCH", base + "/config", "{\"timezone\":\"America/Chicago\",\"tcpa\":{\"callWindowEnd\":\"19:00\"}}")
                .status()).isEqualTo(200);
        Response branding = send("PUT", base + "/branding", "{\"primaryColor\":\"#1a73e8\",\"fontFamily\":\"Inter\"}");
        assertThat(branding.status()).as("custom branding is not in the starter plan").isEqualTo(403);
        assertThat(branding.json().get("type").asText()).isEqualTo("urn:nlre:problem:feature-not-in-plan");
        assertThat(branding.json().get("feature").asText()).isEqualTo("custom_branding");
        assertThat(send("POST", base + "/cancel", "{\"reason\":\"customer left\"}").status()).isEqualTo(200);

        Response afterCancel = send("POST", base + "/reactivate", null);
        assertThat(afterCancel.status()).isEqualTo(422);
        assertThat(afterCancel.json().get("rule").asText()).isEqualTo("CANCELED_TENANT_IS_FINAL");
        assertThat(eventsOf(tenantId)).as("created, owner added, suspended, plan, configuration, canceled")
                .isEqualTo(6);
    }

    @Test
    void enterpriseAcceptsNegotiatedLimitsOtherPlansDoNot() {
        String tenantId = createTenant();
        assertThat(send("PUT", "/api/v1/tenants/" + tenantId + "/plan",
                "{\"plan\":\"enterprise\",\"limits\":{\"maxUsers\":250}}").status()).isEqualTo(200);
        Response refused = send("PUT", "/api/v1/tenants/" + tenantId + "/plan",
                "{\"plan\":\"starter\",\"limits\":{\"maxUsers\":250}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("limits");
    }

    @Test
    void answersMalformedJsonWithAProblemAndStoresNothing() {
        long before = allEvents();
        Response response = send("POST", "/api/v1/tenants", "{\"businessName\": \"Acme\", ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:malformed-request");
        assertThat(response.body()).doesNotContain("Exception", "jackson", "at com.");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void namesTheFieldAtFaultForBadInputAndStoresNothing() {
        long before = allEvents();
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants", createTenantBody("platinum", null)))).isEqualTo("plan");
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants",
                createTenantBody("free", "\"configuration\":{\"timezone\":\"Mars/Base\"}"))))
                .isEqualTo("configuration.timezone");
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants", createTenantBody("free", null)
                .replace("john@acmere.com", "john-at-acme")))).isEqualTo("owner.email");
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants", createTenantBody("free", null)
                .replace("+15551234567", "555 1234")))).isEqualTo("owner.phone");
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants", createTenantBody("free", "\"sneaky\":true"))))
                .isEqualTo("sneaky");
        assertThat(fieldAtFault(send("POST", "/api/v1/tenants", createTenantBody("free",
                "\"configuration\":{\"tcpa\":{\"callWindowStart\":\"21:00\",\"callWindowEnd\":\"08:00\"}}"))))
                .isEqualTo("configuration.tcpa.callWindowStart");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void aConfigurationPatchNamesTheFieldFromItsOwnBody() {
        String tenantId = createTenant();
        Response response = send("PATCH", "/api/v1/tenants/" + tenantId + "/config", "{\"tcpa\":{\"callWindowTimezone\":\"Nowhere/City\"}}",
                OPERATOR + ":" + OPERATOR_PASSWORD, "application/merge-patch+json");
        assertThat(fieldAtFault(response)).isEqualTo("tcpa.callWindowTimezone");
        assertThat(response.json().get("rule").asText()).isEqualTo("TIME_ZONE_MUST_BE_IANA");
    }

    @Test
    void unknownAndMalformedTenantIdsAreNotFound() {
        for (String id : new String[]{"tenant_doesnotexist42", "not-a-tenant", "tenant_ABC", "tenant_.."}) {
            Response response = send("POST", "/api/v1/tenants/" + id + "/suspend", "{\"reason\":\"x\"}");
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:not-found");
        }
    }

    @Test
    void operatorEndpointsNeedTheOperatorCredential() {
        Response anonymous = send("POST", "/api/v1/tenants", createTenantBody("free", null), null, "application/json");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.json().get("type").asText()).isEqualTo("urn:nlre:problem:unauthenticated");
        assertThat(send("POST", "/api/v1/tenants", createTenantBody("free", null), "operator:wrong-password",
                "application/json").status()).isEqualTo(401);
    }

    @Test
    void servesHealthAndOpenApiWithoutCredentials() {
        Response readiness = send("GET", "/actuator/health/readiness", null, null, null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
        Response docs = send("GET", "/v3/api-docs", null, null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/tenants/{tenantId}/suspend")).isTrue();
    }

    private static String fieldAtFault(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        return errors.get(0).get("field").asText();
    }

    private long allEvents() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }

    private long eventsOf(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?", Long.class,
                aggregateId);
    }
}
