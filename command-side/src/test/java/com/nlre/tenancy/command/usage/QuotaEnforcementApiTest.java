package com.nlre.tenancy.command.usage;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Hard plan limits over HTTP, under concurrency: no overshoot, no lost slot, nothing stored for a refusal. */
class QuotaEnforcementApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private JdbcTemplate jdbc;

    /** An enterprise tenant with negotiated limits, and its owner's token. */
    private record LimitedTenant(String tenantId, String ownerToken) {
    }

    private LimitedTenant enterpriseTenantWith(String limits) {
        return enterpriseTenantWith(limits, null);
    }

    private LimitedTenant enterpriseTenantWith(String limits, String pricing) {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("enterprise",
                "\"limits\":" + limits + (pricing == null ? "" : ",\"pricing\":" + pricing)
                        + ",\"ownerPassword\":\"" + PASSWORD + "\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tenantId = created.json().get("tenantId").asText();
        return new LimitedTenant(tenantId, login(tenantId, OWNER_EMAIL, PASSWORD));
    }

    @Test
    void ofSixtyFourConcurrentUserAdditionsWithTenSlotsLeftExactlyTenSucceed() throws Exception {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxUsers\":11}");

        List<Response> answers = concurrently(64, i -> asUser(tenant.ownerToken(), "POST", "/api/v1/users", """
                {"name":"Agent %d","email":"agent%d@acmere.com","role":"agent","password":"%s"}"""
                .formatted(i, i, PASSWORD)));

        assertThat(statusCounts(answers)).as(bodiesOtherThan201And429(answers)).containsExactlyInAnyOrderEntriesOf(
                Map.of(201, 10L, 429, 54L));
        Response refused = answers.stream().filter(answer -> answer.status() == 429).findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:nlre:problem:quota-exceeded");
        assertThat(refused.json().get("quota").asText()).isEqualTo("users");
        assertThat(refused.json().get("limit").asLong()).isEqualTo(11);
        assertThat(refused.json().get("used").asLong()).isEqualTo(11);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%TenantUserAdded'", Long.class, tenant.tenantId())).isEqualTo(11);
    }

    @Test
    void ofSixtyFourConcurrentLeadAdditionsWithTenSlotsLeftExactlyTenSucceed() throws Exception {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxLeads\":10}");

        List<Response> answers = concurrently(64, i -> asUser(tenant.ownerToken(), "POST", "/api/v1/leads", """
                {"leadId":"race-%d","contact":{"name":"Owner %d","phones":["+1555000%04d"]}}""".formatted(i, i, i)));

        assertThat(statusCounts(answers)).as(bodiesOtherThan201And429(answers)).containsExactlyInAnyOrderEntriesOf(
                Map.of(201, 10L, 429, 54L));
        assertThat(answers).filteredOn(answer -> answer.status() == 429).first()
                .satisfies(refused -> assertThat(refused.json().get("quota").asText()).isEqualTo("leads"));
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ? "
                + "and payloadtype like '%LeadAdded'", Long.class, tenant.tenantId() + ".%")).isEqualTo(10);
    }

    @Test
    void ofSixtyFourConcurrentCallsWithTenLeftInTheMonthExactlyTenAreLogged() throws Exception {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxCalls\":10}");
        assertThat(send("PATCH", "/api/v1/tenants/" + tenant.tenantId() + "/config",
                "{\"tcpa\":{\"callWindowStart\":\"00:00\",\"callWindowEnd\":\"23:59\"}}").status()).isEqualTo(200);
        assertThat(asUser(tenant.ownerToken(), "POST", "/api/v1/leads",
                "{\"leadId\":\"seller\",\"contact\":{\"name\":\"Seller\",\"phones\":[\"+15557654321\"]}}").status())
                .isEqualTo(201);
        assertThat(asUser(tenant.ownerToken(), "POST", "/api/v1/leads/seller/consents", """
                {"phone":"+15557654321","evidence":{"givenAt":"2026-01-01T12:00:00Z","method":"web_form",
                 "consentTextVersion":"v1"}}""").status()).isBetween(200, 201);

        List<Response> answers = concurrently(64, i -> asUser(tenant.ownerToken(), "POST",
                "/api/v1/leads/seller/calls", """
                        {"callId":"call-%d","direction":"outbound","phone":"+15557654321","durationSeconds":30,
                         "outcome":"connected","recorded":false,"transcribed":false}""".formatted(i)));

        assertThat(statusCounts(answers)).as(bodiesOtherThan201And429(answers)).containsExactlyInAnyOrderEntriesOf(
                Map.of(201, 10L, 429, 54L));
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%CallLogged'", Long.class, tenant.tenantId() + ".seller")).isEqualTo(10);
    }

    @Test
    void callsBeyondTheAllowanceAreSoldAsOverageUpToTheirCapThenStopHard() {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxCalls\":2}",
                "{\"monthlyFee\":\"1000.00\",\"overage\":{\"calls\":{\"unitPrice\":\"0.10\",\"maxUnits\":2}}}");
        assertThat(send("PATCH", "/api/v1/tenants/" + tenant.tenantId() + "/config",
                "{\"tcpa\":{\"callWindowStart\":\"00:00\",\"callWindowEnd\":\"23:59\",\"requireWrittenConsent\":false}}")
                .status()).isEqualTo(200);
        assertThat(asUser(tenant.ownerToken(), "POST", "/api/v1/leads",
                "{\"leadId\":\"seller\",\"contact\":{\"name\":\"Seller\",\"phones\":[\"+15557654321\"]}}").status())
                .isEqualTo(201);

        List<Integer> statuses = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 5; i++) {
            last = asUser(tenant.ownerToken(), "POST", "/api/v1/leads/seller/calls", """
                    {"callId":"call-%d","direction":"outbound","phone":"+15557654321","durationSeconds":30,
                     "outcome":"connected","recorded":false,"transcribed":false}""".formatted(i));
            statuses.add(last.status());
        }

        assertThat(statuses).as(last.body()).containsExactly(201, 201, 201, 201, 429);
        assertThat(last.json().get("quota").asText()).isEqualTo("calls");
        assertThat(last.json().get("limit").asLong()).isEqualTo(4);
    }

    @Test
    void ofSixtyFourConcurrentAgentRegistrationsWithTenSlotsLeftExactlyTenSucceed() throws Exception {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxAgents\":12}");
        for (String agent : List.of("first", "second")) {
            assertThat(registerAgent(tenant, agent).status()).isEqualTo(201);
        }

        List<Response> answers = concurrently(64, i -> registerAgent(tenant, "race-" + i));

        assertThat(statusCounts(answers)).as(bodiesOtherThan201And429(answers)).containsExactlyInAnyOrderEntriesOf(
                Map.of(201, 10L, 429, 54L));
        Response refused = answers.stream().filter(answer -> answer.status() == 429).findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:nlre:problem:quota-exceeded");
        assertThat(refused.json().get("quota").asText()).isEqualTo("agents");
        assertThat(refused.json().get("limit").asLong()).isEqualTo(12);
        assertThat(refused.json().get("used").asLong()).isEqualTo(12);
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ? "
                + "and payloadtype like '%AiAgentRegistered'", Long.class, tenant.tenantId() + ".%")).isEqualTo(12);
    }

    @Test
    void retiringAnAgentFreesItsSlot() {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxAgents\":1}");
        assertThat(registerAgent(tenant, "first").status()).isEqualTo(201);
        assertThat(registerAgent(tenant, "second").status()).isEqualTo(429);

        assertThat(asUser(tenant.ownerToken(), "DELETE", "/api/v1/agents/first", null).status()).isEqualTo(200);

        assertThat(registerAgent(tenant, "second").status()).isEqualTo(201);
    }

    @Test
    void recordingsBeyondThePlansStorageAreRefusedInBytesAndDeletingTheirLeadFreesThem() {
        LimitedTenant tenant = enterpriseTenantWith("{\"storageGb\":1}");
        assertThat(send("PATCH", "/api/v1/tenants/" + tenant.tenantId() + "/config",
                "{\"calling\":{\"enableRecording\":true},\"tcpa\":{\"callWindowStart\":\"00:00\","
                        + "\"callWindowEnd\":\"23:59\",\"requireWrittenConsent\":false}}").status()).isEqualTo(200);
        for (String lead : List.of("seller", "buyer")) {
            assertThat(asUser(tenant.ownerToken(), "POST", "/api/v1/leads", """
                    {"leadId":"%s","contact":{"name":"Owner","phones":["+15557654321"]}}""".formatted(lead))
                    .status()).isEqualTo(201);
        }
        assertThat(recordedCall(tenant, "seller", "call-1", Meter.BYTES_PER_GB - 1).status()).isEqualTo(201);
        assertThat(recordedCall(tenant, "buyer", "call-2", 1).status()).isEqualTo(201);

        Response refused = recordedCall(tenant, "buyer", "call-3", 1);

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:nlre:problem:quota-exceeded");
        assertThat(refused.json().get("quota").asText()).isEqualTo("storage");
        assertThat(refused.json().get("limit").asLong()).isEqualTo(Meter.BYTES_PER_GB);
        assertThat(refused.json().get("used").asLong()).isEqualTo(Meter.BYTES_PER_GB);
        assertThat(refused.json().get("requested").asLong()).isEqualTo(1);
        assertThat(refused.json().get("detail").asText()).contains("bytes of storage");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%CallLogged'", Long.class, tenant.tenantId() + ".buyer")).isEqualTo(1);

        assertThat(asUser(tenant.ownerToken(), "DELETE", "/api/v1/leads/seller", null).status()).isEqualTo(200);

        assertThat(recordedCall(tenant, "buyer", "call-4", Meter.BYTES_PER_GB - 1).status()).isEqualTo(201);
        assertThat(recordedCall(tenant, "buyer", "call-5", 1).status()).isEqualTo(429);
    }

    private Response registerAgent(LimitedTenant tenant, String agentId) {
        return asUser(tenant.ownerToken(), "POST", "/api/v1/agents", """
                {"agentId":"%s","name":"Dialer","purpose":"Qualify sellers","language":"en-US"}""".formatted(agentId));
    }

    private Response recordedCall(LimitedTenant tenant, String leadId, String callId, long recordingBytes) {
        return asUser(tenant.ownerToken(), "POST", "/api/v1/leads/" + leadId + "/calls", """
                {"callId":"%s","direction":"outbound","phone":"+15557654321","durationSeconds":30,
                 "outcome":"connected","recorded":true,"recordingBytes":%d,"transcribed":false}"""
                .formatted(callId, recordingBytes));
    }

    @Test
    void removingAUserFreesItsSlot() {
        LimitedTenant tenant = enterpriseTenantWith("{\"maxUsers\":2}");
        String agent = addUser(tenant.ownerToken(), "one@acmere.com", "agent", null, PASSWORD);
        assertThat(asUser(tenant.ownerToken(), "POST", "/api/v1/users",
                "{\"name\":\"Two\",\"email\":\"two@acmere.com\",\"role\":\"agent\",\"password\":\"" + PASSWORD + "\"}")
                .status()).isEqualTo(429);

        assertThat(asUser(tenant.ownerToken(), "DELETE", "/api/v1/users/" + agent, null).status()).isBetween(200, 204);

        addUser(tenant.ownerToken(), "two@acmere.com", "agent", null, PASSWORD);
    }

    @Test
    void aDowngradeToAPlanWithoutApiAccessDisablesKeysAndDeletesNothing() {
        TenantOwner owner = createTenantWithOwner(PASSWORD);
        String token = login(owner);
        Response issued = asUser(token, "POST", "/api/v1/api-keys", "{\"name\":\"crm\",\"scopes\":[\"users.manage\"]}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = issued.json().get("apiKey").asText();
        assertThat(withApiKey(key, "POST", "/api/v1/api-keys", "{\"name\":\"x\",\"scopes\":[\"users.manage\"]}")
                .status()).isEqualTo(201);

        assertThat(send("PUT", "/api/v1/tenants/" + owner.tenantId() + "/plan", "{\"plan\":\"free\"}").status())
                .isEqualTo(200);

        assertThat(withApiKey(key, "POST", "/api/v1/api-keys", "{\"name\":\"y\",\"scopes\":[\"users.manage\"]}")
                .status()).isEqualTo(401);
        Response refused = asUser(token, "POST", "/api/v1/api-keys", "{\"name\":\"z\",\"scopes\":[\"users.manage\"]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("feature").asText()).isEqualTo("api_access");
    }

    private static Map<Integer, Long> statusCounts(List<Response> answers) {
        return answers.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting()));
    }

    private static String bodiesOtherThan201And429(List<Response> answers) {
        return answers.stream().filter(answer -> answer.status() != 201 && answer.status() != 429)
                .map(answer -> answer.status() + " " + answer.body()).collect(Collectors.joining("\n"));
    }

    /** Sends {@code count} requests at once (all threads released together) and answers every response. */
    static List<Response> concurrently(int count, IntFunction<Response> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                pending.add(threads.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdown();
        }
    }
}
