package com.nlre.tenancy.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.QuerySideIntegrationTest;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.TestJwts;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile reads: MongoDB operators, regular expressions and path tricks in query parameters and ids are compared as
 * plain text or refused (4xx problem+json naming the parameter), never interpreted; numbers and dates out of range
 * are refused; nothing leaks an internal name; the service keeps serving.
 */
class HostileQueriesAreRefusedIntegrationTest extends QuerySideIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TenantId tenant;
    private String token;

    @BeforeEach
    void tenantWithTwoLeads() {
        tenant = TenantId.generate();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(tenant, Plan.PROFESSIONAL, at), 0));
        LeadId maria = new LeadId("crm-1");
        LeadId john = new LeadId("crm-2");
        publish(TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, maria,
                TestEvents.contact("Maria Garcia", "+15125550101", "1 Oak St.", "Austin"), at, "absentee"),
                maria, 0));
        publish(TestEvents.leadEnvelope(TestEvents.leadAdded(tenant, john,
                TestEvents.contact("John Smith", "+15125550102", "2 Elm Rd.", "Austin"), at, "hot"), john, 0));
        token = TestJwts.token(tenant, UserId.generate(), Role.OWNER, Role.OWNER.defaultPermissions());
        HttpHeaders headers = bearer(token);
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(tenant, tenant + ".crm-2", 0).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/leads", headers).getHeaders()
                .getFirst(ConsistencyToken.REACHED_HEADER)).isEqualTo("true"));
        assertThat(leads("/api/v1/leads")).hasSize(2);
    }

    @AfterEach
    void theServiceKeepsServing() {
        assertThat(leads("/api/v1/leads?q=maria")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "q=.*", "q=%5E", "q=M.*a", "q=%7B%22%24gt%22%3A%22%22%7D", "q=%24where", "q=this.name%20%3D%3D%20this.name",
            "tag=%7B%22%24ne%22%3Anull%7D", "tag=.*", "assignee=%7B%22%24gt%22%3A%22%22%7D", "assignee=%5B%5D"})
    void operatorsAndPatternsInFiltersAreComparedAsPlainText(String query) {
        assertThat(leads("/api/v1/leads?" + query)).isEmpty();
    }

    @Test
    void aBracketedOperatorParameterIsNoFilterAtAll() {
        assertThat(leads("/api/v1/leads?status%5B%24ne%5D=new&q%5B%24regex%5D=.*")).hasSize(2);
        assertThat(leads("/api/v1/leads?q=Maria%20Garcia")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/leads?status=%7B%22%24ne%22%3Anull%7D | status",
            "/api/v1/leads?sort=%7B%22%24natural%22%3A1%7D | sort",
            "/api/v1/leads?limit=-1 | limit",
            "/api/v1/leads?limit=99999999999999999999 | limit",
            "/api/v1/leads?limit=ten | limit",
            "/api/v1/leads?createdFrom=%2B1000000000-01-01T00%3A00%3A00Z | createdFrom",
            "/api/v1/leads?createdFrom=2026-02-30T00%3A00%3A00Z | createdFrom",
            "/api/v1/leads?createdTo=%7B%22%24gt%22%3A%22%22%7D | createdTo",
            "/api/v1/leads?cursor=not-a-cursor | cursor",
            "/api/v1/leads?cursor=eyIkZ3QiOiIifQ | cursor",
            "/api/v1/calls?from=99999-01-01T00%3A00%3A00Z | from",
            "/api/v1/usage?period=2026-13 | period",
            "/api/v1/usage?period=%24where | period"})
    void malformedParametersAreRefusedNamingTheParameter(String path, String parameter) {
        Answer answer = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());

        assertRefused(answer, 400, "invalid-request");
        assertThat(answer.json().path("errors").findValuesAsText("field")).as(answer.body()).contains(parameter);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lead.*", "crm-%5B12%5D", "%24where", "%7B%22%24gt%22%3A%22%22%7D", "crm-1%0d%0aX-Evil:%201",
            "..%2F..%2Factuator", "%2e%2e", "crm-1%00"})
    void hostileIdsAreAnsweredLikeUnknownOnes(String id) {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/v1/leads/" + id))
                .header("Authorization", "Bearer " + token).GET());

        assertThat(answer.status()).as(answer.body()).isIn(400, 404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertNoLeak(answer);
        assertThat(answer.headers().firstValue("X-Evil")).isEmpty();
    }

    @Test
    void invalidUtf8InAParameterIsNeverAServerError() {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/v1/leads?q=%C3%28%FF"))
                .header("Authorization", "Bearer " + token).GET());

        assertThat(answer.status()).as(answer.body()).isIn(200, 400);
        assertNoLeak(answer);
        if (answer.status() == 200) {
            assertThat(answer.json().path("items")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated JSON | {\"tenantId\": | 400 | malformed-request",
            "unknown field | {\"tenantId\":null,\"drop\":true} | 400 | invalid-request",
            "operator object as an id | {\"tenantId\":{\"$ne\":null}} | 400 | invalid-request",
            "regular expression as an id | {\"tenantId\":\".*\"} | 400 | invalid-request"})
    void hostileOperatorBodiesAreRefusedAndStartNothing(String name, String body, int status, String slug) {
        Answer answer = operatorPost("/api/v1/operator/rebuilds", body.getBytes(StandardCharsets.UTF_8));

        assertRefused(answer, status, slug);
        assertThat(asOperator("/api/v1/operator/rebuilds/none", new HttpHeaders()).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void aBodyBeyondTheLimitIsRefusedBeforeItIsRead() {
        byte[] body = ("{\"tenantId\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        Answer answer = operatorPost("/api/v1/operator/rebuilds", body);

        assertRefused(answer, 413, "content-too-large");
    }

    private List<JsonNode> leads(String path) {
        Answer answer = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
        assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(200);
        List<JsonNode> items = new java.util.ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    private Answer operatorPost(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((OPERATOR + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void assertRefused(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo("urn:nlre:problem:" + slug);
        assertThat(answer.json().path("detail").asText()).isNotBlank();
        assertNoLeak(answer);
    }

    private static void assertNoLeak(Answer answer) {
        assertThat(answer.body()).doesNotContain("com.nlre").doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContain("java.").doesNotContain("mongo");
    }

    private URI uri(String path) {
        return URI.create(rest.getRootUri() + path);
    }

    private record Answer(int status, String contentType, String body, JsonNode json,
                          java.net.http.HttpHeaders headers) {
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : TestEvents.JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
