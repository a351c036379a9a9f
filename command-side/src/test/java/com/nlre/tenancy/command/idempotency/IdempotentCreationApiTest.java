package com.nlre.tenancy.command.idempotency;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency keys on creating POSTs: a retry with the same key answers the first response and executes nothing; the
 * key is the tenant's own; a different request under a used key is 422; concurrent duplicates execute once; expired
 * keys are free again. Runs on PostgreSQL too (NLRE_TEST_JDBC_URL).
 */
class IdempotentCreationApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private IdempotencyKeys keys;

    private TenantOwner owner;
    private String token;

    @BeforeEach
    void tenantWithOwner() {
        owner = createTenantWithOwner(PASSWORD);
        token = login(owner);
    }

    @Test
    void aReplayAnswersTheOriginalResponseAndAddsNoSecondLead() {
        String key = UUID.randomUUID().toString();
        String body = leadBody(uniquePhone());

        Response first = addLead(token, key, body);
        Response replay = addLead(token, key, body);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(replay.consistencyToken()).isEqualTo(first.consistencyToken());
        assertThat(replay.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(replay.contentType()).isEqualTo(first.contentType());
        assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefusedAndStoresNothing() {
        String key = UUID.randomUUID().toString();
        assertThat(addLead(token, key, leadBody(uniquePhone())).status()).isEqualTo(201);

        Response different = addLead(token, key, leadBody(uniquePhone()));

        assertThat(different.status()).isEqualTo(422);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(different.json().get("type").asText())
                .isEqualTo("urn:nlre:problem:" + IdempotencyInterceptor.KEY_REUSED);
        assertThat(different.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(1);
    }

    @Test
    void theSameKeyOnAnotherRouteIsADifferentRequest() {
        String key = UUID.randomUUID().toString();
        assertThat(addLead(token, key, leadBody(uniquePhone())).status()).isEqualTo(201);

        Response agent = request("POST", "/api/v1/agents",
                "{\"name\":\"Ava\",\"purpose\":\"qualify sellers\",\"language\":\"en-US\"}",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
                        IdempotencyFilter.HEADER, key));

        assertThat(agent.status()).isEqualTo(422);
        assertThat(agent.json().get("type").asText()).isEqualTo("urn:nlre:problem:" + IdempotencyInterceptor.KEY_REUSED);
    }

    @Test
    void twoTenantsUsingTheSameKeyMakeTwoIndependentRequests() {
        TenantOwner other = createTenantWithOwner(PASSWORD);
        String otherToken = login(other);
        String key = "shared-key-" + UUID.randomUUID();
        String body = leadBody(uniquePhone());

        Response mine = addLead(token, key, body);
        Response theirs = addLead(otherToken, key, body);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
        assertThat(theirs.json().get("leadId").asText()).isNotEqualTo(mine.json().get("leadId").asText());
        assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(1);
        assertThat(leadsAddedIn(other.tenantId())).isEqualTo(1);
        // and back: each tenant's replay answers its own lead
        assertThat(addLead(otherToken, key, body).json().get("leadId")).isEqualTo(theirs.json().get("leadId"));
        assertThat(addLead(token, key, body).json().get("leadId")).isEqualTo(mine.json().get("leadId"));
    }

    @Test
    void concurrentDuplicatesExecuteExactlyOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = leadBody(uniquePhone());
        int requests = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                Callable<Response> send = () -> {
                    start.await();
                    return addLead(token, key, body);
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            long executed = responses.stream().filter(response -> response.status() == 201
                    && response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER).isEmpty()).count();
            assertThat(executed).isEqualTo(1);
            assertThat(responses).allSatisfy(response -> {
                if (response.status() == 409) {
                    assertThat(response.json().get("type").asText())
                            .isEqualTo("urn:nlre:problem:" + IdempotencyInterceptor.KEY_IN_FLIGHT);
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                } else {
                    assertThat(response.status()).isEqualTo(201);
                }
            });
            assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(1);
            assertThat(addLead(token, key, body).headers().firstValue(IdempotencyFilter.REPLAYED_HEADER))
                    .hasValue("true");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredKeyMayBeUsedAgainAndIsCleanedUp() {
        String key = UUID.randomUUID().toString();
        String body = leadBody(uniquePhone());
        Response first = addLead(token, key, body);

        CLOCK.advance(Duration.ofHours(24).plusMinutes(1));
        Response again = addLead(token, key, body);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
        assertThat(again.json().get("leadId").asText()).isNotEqualTo(first.json().get("leadId").asText());
        assertThat(leadsAddedIn(owner.tenantId())).isEqualTo(2);

        CLOCK.advance(Duration.ofHours(24).plusMinutes(1));
        keys.deleteExpired();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_keys WHERE scope = ?", Integer.class,
                owner.tenantId())).isZero();
    }

    @Test
    void aReplayOfATenantCreationWithholdsTheInitialPasswordWhichIsNeverStored() {
        String key = UUID.randomUUID().toString();
        Map<String, String> headers = Map.of("Authorization", operatorAuthorization(),
                "Content-Type", "application/json", IdempotencyFilter.HEADER, key);
        String body = createTenantBody("starter", null);

        Response created = request("POST", "/api/v1/tenants", body, headers);
        Response replay = request("POST", "/api/v1/tenants", body, headers);

        assertThat(created.status()).isEqualTo(201);
        String password = created.json().get("initialOwnerPassword").asText();
        assertThat(password).isNotBlank();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("tenantId")).isEqualTo(created.json().get("tenantId"));
        assertThat(replay.json().has("initialOwnerPassword")).isFalse();
        assertThat(replay.headers().firstValue(IdempotencyFilter.WITHHELD_HEADER)).hasValue("initialOwnerPassword");
        byte[] stored = jdbc.queryForObject("SELECT response_body FROM idempotency_keys WHERE scope = ? AND "
                + "idempotency_key = ?", byte[].class, IdempotencyInterceptor.OPERATOR_SCOPE, key);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(password);
    }

    @Test
    void aFinalRefusalIsReplayedAndAMalformedKeyIsRefused() {
        String key = UUID.randomUUID().toString();
        String invalid = "{\"contact\":{\"name\":\"Mary\",\"phones\":[\"call me\"]}}";

        Response refused = addLead(token, key, invalid);
        Response replay = addLead(token, key, invalid);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
        assertThat(replay.json()).isEqualTo(refused.json());

        Response badKey = addLead(token, "x".repeat(256), leadBody(uniquePhone()));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(leadsAddedIn(owner.tenantId())).isZero();
    }

    @Test
    void answersThatInviteARetryAreNotKept() {
        assertThat(IdempotencyFilter.kept(201)).isTrue();
        assertThat(IdempotencyFilter.kept(404)).isTrue();
        assertThat(IdempotencyFilter.kept(422)).isTrue();
        assertThat(IdempotencyFilter.kept(409)).isFalse();
        assertThat(IdempotencyFilter.kept(429)).isFalse();
        assertThat(IdempotencyFilter.kept(500)).isFalse();
        assertThat(IdempotencyFilter.kept(503)).isFalse();
    }

    @Test
    void theApiDocumentsTheHeaderOnCreatingOperations() {
        Response docs = request("GET", "/v3/api-docs", null, Map.of());

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().at("/paths/~1api~1v1~1leads/post/parameters").toString()).contains("Idempotency-Key");
        assertThat(docs.json().at("/paths/~1api~1v1~1tenants/post/parameters").toString()).contains("Idempotency-Key");
        assertThat(docs.json().at("/paths/~1api~1v1~1leads~1{leadId}~1status/post/parameters").toString())
                .doesNotContain("Idempotency-Key");
    }

    private Response addLead(String accessToken, String key, String body) {
        return request("POST", "/api/v1/leads", body, Map.of("Authorization", "Bearer " + accessToken,
                "Content-Type", "application/json", IdempotencyFilter.HEADER, key));
    }

    private int leadsAddedIn(String tenantId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry WHERE aggregateidentifier LIKE ? "
                + "AND payloadtype LIKE ?", Integer.class, tenantId + ".%", "%LeadAdded");
    }

    private static String operatorAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String leadBody(String phone) {
        return "{\"contact\":{\"name\":\"Mary Seller\",\"phones\":[\"" + phone + "\"]}}";
    }

    private static String uniquePhone() {
        return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }
}
