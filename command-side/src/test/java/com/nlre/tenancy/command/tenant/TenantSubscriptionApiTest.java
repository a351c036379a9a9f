package com.nlre.tenancy.command.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.tenant.TenantCommands.EndTenantTerm;
import com.nlre.tenancy.command.tenant.TermEnd.Kind;
import com.nlre.tenancy.command.tenant.TermEndDeadlines.Deadline;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Trials and subscriptions end on time through HTTP, the event store, the deadline table and the tenant directory. */
class TenantSubscriptionApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "a long owner password";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private TermEndDeadlines deadlines;
    @Autowired
    private TermEndPoller poller;
    @Autowired
    private CommandDispatcher dispatcher;
    @Autowired
    private TenantDirectory directory;

    @Test
    void aTrialThatEndsSuspendsTheTenantItsUsersStillReadAndAnExtensionReactivatesIt() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        Instant trialEndsAt = now.plus(Duration.ofHours(1)).plusNanos(123_456_789);
        String tenantId = createTenantWithTrial(trialEndsAt, null);
        TenantId tenant = new TenantId(tenantId);
        assertThat(deadlines.of(tenant)).as("kept to the microsecond").contains(new Deadline(tenant, new TermEnd(Kind.TRIAL, trialEndsAt)));
        String token = login(tenantId, OWNER_EMAIL, PASSWORD);
        assertThat(addLead(token, "+15550100001").status()).isEqualTo(201);

        poller.endDueTerms();
        assertThat(eventTypes(tenantId)).as("not due yet").doesNotContain("TenantTrialEnded");

        CLOCK.advance(Duration.ofHours(2));
        endDueTermsOf(tenantId);

        assertThat(eventTypes(tenantId)).endsWith("TenantTrialEnded", "TenantSuspended");
        assertThat(directory.statusOf(tenant)).hasValueSatisfying(status -> assertThat(status.wireName())
                .isEqualTo("suspended"));
        assertThat(deadlines.of(tenant)).as("settled").isEmpty();
        String suspendedToken = login(tenantId, OWNER_EMAIL, PASSWORD);
        Response write = addLead(suspendedToken, "+15550100002");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-suspended");
        Response read = asUser(suspendedToken, "GET", "/api/v1/leads/imports/import_unknownjob1", null);
        assertThat(read.status()).as("reads pass the tenant's status: the job is simply unknown").isEqualTo(404);

        Instant renewedUntil = CLOCK.instant().plus(Duration.ofDays(30));
        Response renewed = send("PUT", "/api/v1/tenants/" + tenantId + "/subscription",
                "{\"trialEndsAt\":\"%s\",\"subscriptionEndsAt\":\"%s\"}".formatted(trialEndsAt, renewedUntil));

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        List<String> events = eventTypes(tenantId);
        assertThat(events).endsWith("TenantSubscriptionChanged", "TenantReactivated");
        assertThat(renewed.consistencyToken()).as("includes the reactivation")
                .isEqualTo(tenantId + ":" + tenantId + ":" + (events.size() - 1));
        assertThat(addLead(suspendedToken, "+15550100003").status()).as("writes again").isEqualTo(201);
        assertThat(deadlines.of(tenant)).contains(new Deadline(tenant, new TermEnd(Kind.SUBSCRIPTION, renewedUntil)));
    }

    @Test
    void aTenantWhoseSubscriptionLapsedIsNotReactivatedWithoutNewDates() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        String tenantId = createTenantWithTrial(null, now.plus(Duration.ofDays(1)));
        CLOCK.advance(Duration.ofDays(2));
        endDueTermsOf(tenantId);
        assertThat(eventTypes(tenantId)).endsWith("TenantSubscriptionLapsed", "TenantSuspended");

        Response refused = send("POST", "/api/v1/tenants/" + tenantId + "/reactivate", null);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("rule").asText()).isEqualTo("ENDED_TERM_IS_RENEWED_NOT_REACTIVATED");
    }

    @Test
    void anEndMissedWhileNoInstanceRanTakesEffectWhenAnInstanceStarts() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        String tenantId = createTenantWithTrial(now.plus(Duration.ofMinutes(5)), null);
        CLOCK.advance(Duration.ofDays(3));
        TermEndPoller startingInstance = new TermEndPoller(deadlines, dispatcher, CLOCK, Duration.ofHours(1),
                Duration.ofMinutes(2), 100);

        startingInstance.start();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(eventTypes(tenantId)).endsWith("TenantTrialEnded", "TenantSuspended"));
        } finally {
            startingInstance.stop();
        }
    }

    @Test
    void instancesRacingForTheSameDeadlineEndTheTermOnce() throws Exception {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        Instant trialEndsAt = now.plus(Duration.ofMinutes(1));
        String tenantId = createTenantWithTrial(trialEndsAt, null);
        TenantId tenant = new TenantId(tenantId);
        CLOCK.advance(Duration.ofMinutes(2));
        Deadline deadline = new Deadline(tenant, new TermEnd(Kind.TRIAL, trialEndsAt));
        int instances = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            List<Future<TermEndOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                claims.add(pool.submit(awaiting(start, () ->
                        deadlines.claim(deadline, CLOCK.instant(), CLOCK.instant().plus(Duration.ofMinutes(2))))));
                outcomes.add(pool.submit(awaiting(start, () -> dispatcher.send(tenant,
                        new EndTenantTerm(tenant, deadline.end()), Actor.system(TermEndPoller.ACTOR)))));
            }
            start.countDown();
            int claimed = 0;
            for (Future<Boolean> claim : claims) {
                claimed += claim.get() ? 1 : 0;
            }
            List<TermEndOutcome> results = new ArrayList<>();
            for (Future<TermEndOutcome> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(claimed).as("one instance holds the deadline").isEqualTo(1);
            assertThat(results).containsOnlyOnce(TermEndOutcome.ENDED)
                    .containsOnly(TermEndOutcome.ENDED, TermEndOutcome.ALREADY_ENDED);
            assertThat(eventTypes(tenantId).stream().filter("TenantTrialEnded"::equals)).hasSize(1);
            assertThat(eventTypes(tenantId).stream().filter("TenantSuspended"::equals)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaleDeadlineLeftByChangedDatesChangesNothing() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        CLOCK.freezeAt(now);
        Instant firstEnd = now.plus(Duration.ofHours(1));
        Instant extended = now.plus(Duration.ofDays(10));
        String tenantId = createTenantWithTrial(firstEnd, null);
        TenantId tenant = new TenantId(tenantId);
        assertThat(send("PUT", "/api/v1/tenants/" + tenantId + "/subscription",
                "{\"trialEndsAt\":\"%s\"}".formatted(extended)).status()).isEqualTo(200);
        assertThat(deadlines.of(tenant)).as("rescheduled")
                .contains(new Deadline(tenant, new TermEnd(Kind.TRIAL, extended)));
        CLOCK.advance(Duration.ofHours(2));

        TermEndOutcome outcome = dispatcher.send(tenant, new EndTenantTerm(tenant, new TermEnd(Kind.TRIAL, firstEnd)),
                Actor.system(TermEndPoller.ACTOR));
        endDueTermsOf(tenantId);

        assertThat(outcome).isEqualTo(TermEndOutcome.STALE);
        assertThat(eventTypes(tenantId)).endsWith("TenantSubscriptionChanged");
        assertThat(deadlines.of(tenant)).contains(new Deadline(tenant, new TermEnd(Kind.TRIAL, extended)));
    }

    @Test
    void onlyOperatorsChangeTheDatesAndTheTrialMustNotOutlastTheSubscription() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        String tenantId = createTenantWithTrial(now.plus(Duration.ofDays(14)), null);
        String path = "/api/v1/tenants/" + tenantId + "/subscription";
        String token = login(tenantId, OWNER_EMAIL, PASSWORD);

        assertThat(asUser(token, "PUT", path, "{\"subscriptionEndsAt\":\"%s\"}"
                .formatted(now.plus(Duration.ofDays(400)))).status()).isEqualTo(401);
        Response invalid = send("PUT", path, "{\"trialEndsAt\":\"%s\",\"subscriptionEndsAt\":\"%s\"}"
                .formatted(now.plus(Duration.ofDays(20)), now.plus(Duration.ofDays(10))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("trialEndsAt");
        assertThat(send("PUT", "/api/v1/tenants/tenant_doesnotexist00/subscription", "{}").status()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/tenants/" + tenantId + "/cancel", "{\"reason\":\"closed\"}").status())
                .isEqualTo(200);
        Response canceled = send("PUT", path, "{}");
        assertThat(canceled.status()).isEqualTo(422);
        assertThat(canceled.json().get("rule").asText()).isEqualTo("CANCELED_TENANT_IS_FINAL");
        assertThat(deadlines.of(new TenantId(tenantId))).as("a canceled tenant's only deadline is its retention end")
                .hasValueSatisfying(deadline -> assertThat(deadline.end().kind()).isEqualTo(Kind.RETENTION));
    }

    @Test
    void theSubscriptionRouteIsDocumentedWithItsRules() {
        Response docs = send("GET", "/v3/api-docs", null, null, null);

        JsonNode put = docs.json().path("paths").path("/api/v1/tenants/{tenantId}/subscription").path("put");
        assertThat(put.path("description").asText()).contains("suspended", "TRIAL_ENDS_BEFORE_SUBSCRIPTION");
        assertThat(docs.json().path("components").path("schemas").path("SubscriptionRequest").path("properties")
                .has("subscriptionEndsAt")).isTrue();
    }

    private String createTenantWithTrial(Instant trialEndsAt, Instant subscriptionEndsAt) {
        StringBuilder fields = new StringBuilder("\"ownerPassword\":\"" + PASSWORD + "\"");
        if (trialEndsAt != null) {
            fields.append(",\"trialEndsAt\":\"").append(trialEndsAt).append('"');
        }
        if (subscriptionEndsAt != null) {
            fields.append(",\"subscriptionEndsAt\":\"").append(subscriptionEndsAt).append('"');
        }
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional", fields.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("tenantId").asText();
    }

    private Response addLead(String token, String phone) {
        return asUser(token, "POST", "/api/v1/leads", """
                {"contact":{"name":"Mary Seller","phones":["%s"]}}""".formatted(phone));
    }

    /** Ends what is due; the background poller may be ending the same deadline, so wait until it is settled. */
    private void endDueTermsOf(String tenantId) {
        poller.endDueTerms();
        await().atMost(Duration.ofSeconds(20)).until(() -> deadlines.of(new TenantId(tenantId))
                .map(deadline -> !deadline.end().isDue(CLOCK.instant())).orElse(true));
    }

    private List<String> eventTypes(String aggregateId) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private static <T> Callable<T> awaiting(CountDownLatch start, Callable<T> task) {
        return () -> {
            start.await();
            return task.call();
        };
    }
}
