package com.nlre.tenancy.command.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GDPR erasure over HTTP: personal data is sealed in the event store from the start, and once a lead is forgotten
 * its history and replay read "[erased]" while another tenant's lead with the same id stays readable.
 */
class ErasureApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String LEAD = "crm-erase";

    @Autowired
    private JdbcTemplate jdbc;

    private TenantOwner alpha;
    private TenantOwner beta;
    private String alphaToken;
    private String betaToken;
    private String name;
    private String email;
    private String phone;

    @BeforeEach
    void twoTenantsWithTheSameLeadId() {
        alpha = createTenantWithOwner(PASSWORD);
        beta = createTenantWithOwner(PASSWORD);
        alphaToken = login(alpha);
        betaToken = login(beta);
        String unique = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        name = "Zebediah Quartermain " + unique;
        email = "zq" + unique + "@example.test";
        phone = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
        for (String token : List.of(alphaToken, betaToken)) {
            ok(asUser(token, "POST", "/api/v1/leads", """
                    {"leadId":"%s","contact":{"name":"%s","phones":["%s"],"email":"%s"}}"""
                    .formatted(LEAD, name, phone, email)));
            ok(asUser(token, "POST", "/api/v1/leads/" + LEAD + "/consents", """
                    {"phone":"%s","evidence":{"givenAt":"2026-11-01T10:00:00Z","method":"web_form",
                     "consentTextVersion":"v3","source":"https://acme.example/consent","sourceIp":"203.0.113.77"}}"""
                    .formatted(phone)));
            Response call = asUser(token, "POST", "/api/v1/leads/" + LEAD + "/calls", """
                    {"direction":"outbound","phone":"%s","durationSeconds":60,"outcome":"connected",
                     "notes":"spoke with %s"}""".formatted(phone, name));
            assertThat(call.status()).as(call.body()).isIn(201, 422);
        }
    }

    @Test
    void personalDataIsNeverStoredInClearInTheEventStore() {
        List<String> payloads = payloadsOf(alpha.tenantId());

        assertThat(payloads).hasSizeGreaterThanOrEqualTo(3).noneSatisfy(payload ->
                assertThat(payload).containsAnyOf(name, email, phone.substring(1), "203.0.113.77", "Zebediah"));
        assertThat(String.join("\n", payloads)).contains("\"sealed\":\"pd1:");
    }

    @Test
    void aForgottenLeadReadsAsErasedInHistoryAndReplayAndAcceptsNoFurtherCommand() {
        Response erased = asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\",\"reason\":\"ticket 42\"}");

        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        JsonNode state = ok(asUser(alphaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json();
        assertThat(state.toString()).doesNotContain(name, email, phone, "203.0.113.77").contains("[erased]");
        List<JsonNode> history = lines(asUser(alphaToken, "GET", "/api/v1/audit/history", null));
        assertThat(history.toString()).doesNotContain(name, email, phone, "203.0.113.77");
        JsonNode forgotten = history.stream().filter(line -> line.get("type").asText().equals("DataSubjectForgotten"))
                .findFirst().orElseThrow();
        assertThat(forgotten.get("payload").get("subjectType").asText()).isEqualTo("lead");
        assertThat(forgotten.get("payload").get("subjectId").asText()).isEqualTo(LEAD);
        assertThat(forgotten.get("metadata").get("actorId").asText()).isEqualTo(alpha.ownerUserId());
        assertThat(jdbc.queryForObject("select count(*) from subject_keys where tenant_id = ? and subject_type = 'lead' "
                + "and subject_id = ? and wrapped_key is null", Integer.class, alpha.tenantId(), LEAD)).isEqualTo(1);

        Response status = asUser(alphaToken, "POST", "/api/v1/leads/" + LEAD + "/status", "{\"status\":\"contacted\"}");
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.json().get("rule").asText()).isEqualTo("FORGOTTEN_LEAD_IS_FINAL");
        Response again = asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\"}");
        assertThat(again.status()).isEqualTo(202);
        Response reused = asUser(alphaToken, "POST", "/api/v1/leads", """
                {"leadId":"%s","contact":{"name":"Someone Else","phones":["+15550001111"]}}""".formatted(LEAD));
        assertThat(reused.status()).as(reused.body()).isEqualTo(422);
        assertThat(reused.json().get("rule").asText()).isEqualTo("FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA");
    }

    @Test
    void erasureInOneTenantLeavesAnotherTenantsLeadWithTheSameIdReadable() {
        ok(asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\"}"));

        JsonNode betaState = ok(asUser(betaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json();
        assertThat(betaState.toString()).contains(phone).doesNotContain("[erased]");
        assertThat(ok(asUser(betaToken, "POST", "/api/v1/leads/" + LEAD + "/status", "{\"status\":\"contacted\"}"))
                .status()).isEqualTo(200);
    }

    @Test
    void anOperatorForgetsASubjectOfTheTenantItNames() {
        Response erased = send("POST", "/api/v1/operator/tenants/" + beta.tenantId() + "/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\"}");

        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        assertThat(ok(asUser(betaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json().toString())
                .doesNotContain(phone);
        assertThat(ok(asUser(alphaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json().toString())
                .contains(phone);
    }

    @Test
    void onlyARemovedUserCanBeForgottenAndUnknownSubjectsAreNotFound() {
        String userId = addUser(alphaToken, "agent@acmere.com", "agent", null, PASSWORD);
        String forgetUser = "{\"subjectType\":\"user\",\"subjectId\":\"" + userId + "\"}";

        Response member = asUser(alphaToken, "POST", "/api/v1/gdpr/erasures", forgetUser);
        assertThat(member.status()).isEqualTo(422);
        assertThat(member.json().get("rule").asText()).isEqualTo("USER_MUST_BE_REMOVED_BEFORE_ERASURE");
        assertThat(asUser(alphaToken, "DELETE", "/api/v1/users/" + userId, null).status()).isIn(200, 204);
        assertThat(asUser(alphaToken, "POST", "/api/v1/gdpr/erasures", forgetUser).status()).isEqualTo(202);
        assertThat(ok(asUser(alphaToken, "GET", "/api/v1/audit/state?at=" + Instant.now(), null)).json().toString())
                .doesNotContain("agent@acmere.com");

        assertThat(asUser(betaToken, "POST", "/api/v1/gdpr/erasures", forgetUser).status()).isEqualTo(404);
        assertThat(asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"crm-unknown\"}").status()).isEqualTo(404);
        Response badType = asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"tenant\",\"subjectId\":\"" + alpha.tenantId() + "\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("errors").get(0).get("field").asText()).isEqualTo("subjectType");
    }

    @Test
    void theQuerySideGetsKeysOfActiveSubjectsAndNoneOfForgottenOnes() {
        ok(asUser(alphaToken, "POST", "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\"}"));

        Response keys = send("POST", "/api/v1/operator/subject-keys", """
                {"subjects":[{"tenantId":"%s","subjectType":"lead","subjectId":"%s"},
                             {"tenantId":"%s","subjectType":"lead","subjectId":"%s"}]}"""
                .formatted(alpha.tenantId(), LEAD, beta.tenantId(), LEAD));

        assertThat(keys.status()).as(keys.body()).isEqualTo(200);
        JsonNode answers = keys.json().get("keys");
        assertThat(answers.get(0).get("state").asText()).isEqualTo("forgotten");
        assertThat(answers.get(0).has("key")).isFalse();
        assertThat(answers.get(1).get("state").asText()).isEqualTo("active");
        assertThat(answers.get(1).get("key").asText()).isNotBlank();
        assertThat(asUser(alphaToken, "POST", "/api/v1/operator/subject-keys", "{\"subjects\":[]}").status())
                .isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheErasureRoutes() {
        JsonNode paths = send("GET", "/v3/api-docs", null, null, null).json().get("paths");

        assertThat(paths.has("/api/v1/gdpr/erasures")).isTrue();
        assertThat(paths.has("/api/v1/operator/tenants/{tenantId}/gdpr/erasures")).isTrue();
        assertThat(paths.has("/api/v1/operator/subject-keys")).isTrue();
    }

    private List<String> payloadsOf(String tenantId) {
        return jdbc.query("select e.payload from domainevententry e join tenant_event_index i "
                        + "on i.global_index = e.globalindex where i.tenant_id = ?",
                (row, index) -> new String(row.getBytes(1), StandardCharsets.UTF_8), tenantId);
    }

    private Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
        return response;
    }

    private List<JsonNode> lines(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body().lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return objectMapper.readTree(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }
}
