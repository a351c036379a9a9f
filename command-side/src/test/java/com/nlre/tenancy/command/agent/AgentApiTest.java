package com.nlre.tenancy.command.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class AgentApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String SALLY = """
            {"agentId":"%s","name":"Sally","purpose":"Qualify inbound sellers","voice":"en-US-Neural2-F",
             "language":"en-US"}""";

    @Autowired
    private EventStore eventStore;

    private TenantOwner owner;
    private String token;

    @BeforeEach
    void tenantWithOwner() {
        owner = createTenantWithOwner(PASSWORD);
        token = login(owner);
    }

    @Test
    void registersAnAgentAndAnswersItsIdLocationAndConsistencyToken() {
        Response registered = asUser(token, "POST", "/api/v1/agents", SALLY.formatted("sally"));

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("agentId").asText()).isEqualTo("sally");
        assertThat(registered.consistencyToken()).isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".sally:0");
        assertThat(registered.headers().firstValue("Location")).hasValue("/api/v1/agents/sally");

        Response generated = asUser(token, "POST", "/api/v1/agents",
                "{\"name\":\"Sam\",\"purpose\":\"Follow up\",\"language\":\"en-US\"}");
        assertThat(generated.status()).as(generated.body()).isEqualTo(201);
        assertThat(generated.json().get("agentId").asText()).startsWith("agent_");
    }

    @Test
    void updatesAndRetiresAnAgentAndARetiredAgentIsFinal() {
        assertThat(asUser(token, "POST", "/api/v1/agents", SALLY.formatted("sally")).status()).isEqualTo(201);

        Response updated = asUser(token, "PUT", "/api/v1/agents/sally",
                "{\"name\":\"Sally II\",\"purpose\":\"Qualify sellers\",\"language\":\"es-US\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.consistencyToken()).endsWith(".sally:1");

        assertThat(asUser(token, "DELETE", "/api/v1/agents/sally", null).status()).isEqualTo(200);
        Response again = asUser(token, "DELETE", "/api/v1/agents/sally", null);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("rule").asText()).isEqualTo(AgentRules.RETIRED_AGENT_IS_FINAL);
        assertThat(eventStore.lastSequenceNumberFor(owner.tenantId() + ".sally")).hasValue(2L);
    }

    @Test
    void anAgentIdAlreadyUsedInTheTenantIsAConflictButAnotherTenantMayUseIt() {
        assertThat(asUser(token, "POST", "/api/v1/agents", SALLY.formatted("shared")).status()).isEqualTo(201);

        Response duplicate = asUser(token, "POST", "/api/v1/agents", SALLY.formatted("shared"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("type").asText()).isEqualTo("urn:nlre:problem:conflict");

        TenantOwner other = createTenantWithOwner(PASSWORD);
        Response elsewhere = asUser(login(other), "POST", "/api/v1/agents", SALLY.formatted("shared"));
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(201);
        assertThat(elsewhere.consistencyToken()).isEqualTo(other.tenantId() + ":" + other.tenantId() + ".shared:0");
    }

    @Test
    void anotherTenantsAgentIsAnsweredExactlyLikeAnUnknownOne() {
        assertThat(asUser(token, "POST", "/api/v1/agents", SALLY.formatted("mine")).status()).isEqualTo(201);
        String intruder = login(createTenantWithOwner(PASSWORD));

        for (String method : new String[]{"PUT", "DELETE"}) {
            String body = method.equals("PUT") ? "{\"name\":\"X\",\"purpose\":\"X\",\"language\":\"en-US\"}" : null;
            Response foreign = asUser(intruder, method, "/api/v1/agents/mine", body);
            Response unknown = asUser(intruder, method, "/api/v1/agents/nobody", body);
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.json().get("type")).isEqualTo(unknown.json().get("type"));
            assertThat(foreign.json().get("detail").asText().replace("mine", "{id}"))
                    .isEqualTo(unknown.json().get("detail").asText().replace("nobody", "{id}"));
        }
        assertThat(eventStore.lastSequenceNumberFor(owner.tenantId() + ".mine")).hasValue(0L);
    }

    @Test
    void aCallMayBeLoggedForAnActiveAiAgentOfTheTenantOnly() {
        assertThat(send("PATCH", "/api/v1/tenants/" + owner.tenantId() + "/config",
                "{\"tcpa\":{\"callWindowStart\":\"00:00\",\"callWindowEnd\":\"23:59\","
                        + "\"requireWrittenConsent\":false}}").status()).isEqualTo(200);
        assertThat(asUser(token, "POST", "/api/v1/leads",
                "{\"leadId\":\"seller\",\"contact\":{\"name\":\"Seller\",\"phones\":[\"+15557654321\"]}}")
                .status()).isEqualTo(201);
        assertThat(asUser(token, "POST", "/api/v1/agents", SALLY.formatted("sally")).status()).isEqualTo(201);
        String otherTenantsAgent = "theirs";
        assertThat(asUser(login(createTenantWithOwner(PASSWORD)), "POST", "/api/v1/agents",
                SALLY.formatted(otherTenantsAgent)).status()).isEqualTo(201);

        Response logged = logCallBy("sally", "call-1");
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);

        for (String agent : new String[]{otherTenantsAgent, "nobody", "not an id"}) {
            Response refused = logCallBy(agent, "call-" + agent.length());
            assertThat(refused.status()).as(agent).isEqualTo(422);
            assertThat(refused.json().get("rule").asText()).isEqualTo("AGENT_MUST_BE_ACTIVE_AI_AGENT");
        }
        assertThat(asUser(token, "DELETE", "/api/v1/agents/sally", null).status()).isEqualTo(200);
        Response retired = logCallBy("sally", "call-2");
        assertThat(retired.status()).isEqualTo(422);
        assertThat(retired.json().get("rule").asText()).isEqualTo("AGENT_MUST_BE_ACTIVE_AI_AGENT");
        assertThat(eventStore.lastSequenceNumberFor(owner.tenantId() + ".seller")).hasValue(1L);
    }

    @Test
    void everyAgentRouteIsDocumentedAndACallDocumentsItsRecordingSize() {
        JsonNode docs = send("GET", "/v3/api-docs", null, null, null).json();
        List<String> documented = new ArrayList<>();
        docs.get("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/v1/agents")) {
                path.getValue().fields().forEachRemaining(operation -> {
                    assertThat(operation.getValue().path("summary").asText()).as(path.getKey()).isNotBlank();
                    documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                });
            }
        });
        assertThat(documented).containsExactlyInAnyOrder("POST /api/v1/agents", "PUT /api/v1/agents/{agentId}",
                "DELETE /api/v1/agents/{agentId}");
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("RegisterAgentRequest").path("properties").has("language")).isTrue();
        assertThat(schemas.path("CallRequest").path("properties").has("recordingBytes")).isTrue();
    }

    private Response logCallBy(String agentId, String callId) {
        return asUser(token, "POST", "/api/v1/leads/seller/calls", """
                {"callId":"%s","agentId":"%s","direction":"outbound","phone":"+15557654321","durationSeconds":30,
                 "outcome":"connected"}""".formatted(callId, agentId));
    }

    @Test
    void refusesInvalidInputNamingTheFieldAndNeedsSettingsEdit() {
        Response invalidId = asUser(token, "POST", "/api/v1/agents", SALLY.formatted("user_abcdef123456"));
        assertThat(invalidId.status()).isEqualTo(400);
        assertThat(invalidId.json().get("errors").get(0).get("field").asText()).isEqualTo("agentId");
        Response noLanguage = asUser(token, "POST", "/api/v1/agents", "{\"name\":\"Sam\",\"purpose\":\"p\"}");
        assertThat(noLanguage.status()).isEqualTo(400);
        assertThat(noLanguage.json().get("errors").get(0).get("field").asText()).isEqualTo("language");

        addUser(token, "agent@acmere.com", "agent", null, PASSWORD);
        String agentUser = login(owner.tenantId(), "agent@acmere.com", PASSWORD);
        Response forbidden = asUser(agentUser, "POST", "/api/v1/agents", SALLY.formatted("sally"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
    }
}
