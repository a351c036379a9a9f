package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hard quotas and the usage ledger agree end to end: a burst of 64 concurrent requests against 10 remaining slots is
 * accepted exactly 10 times on the command side, and the query side's ledger, fed through Kafka, counts exactly the
 * accepted commands — in the usage report and in the billing export; and read models rebuilt from the event store
 * answer exactly as the live ones did.
 */
class UsageLedgerEndToEndTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final int BURST = 64;
    private static final int LIMIT = 10;

    private static Platform platform;
    private static Caller owner;

    @BeforeAll
    static void enterpriseTenantWithTenSlots() {
        platform = new Platform().start();
        owner = ownerOfNewTenant("Quota Wholesale", """
                "plan":"enterprise","limits":{"maxLeads":%d,"maxCalls":%d},""".formatted(LIMIT, LIMIT));
    }

    /** A new tenant whose calls are allowed at any hour without written consent, and its owner. */
    private static Caller ownerOfNewTenant(String businessName, String planFields) {
        String email = "owner-" + System.nanoTime() + "@ledger-e2e.test";
        Caller.Answer created = Caller.operator().post(platform.commandUrl() + "/api/v1/tenants", """
                {"businessName":"%s","businessType":"wholesale",%s"ownerPassword":"%s",
                 "configuration":{"tcpa":{"requireWrittenConsent":false,"callWindowStart":"00:00",
                                          "callWindowEnd":"23:59"}},
                 "owner":{"name":"Ledger Owner","email":"%s","phone":"+15551234567"}}"""
                .formatted(businessName, planFields, PASSWORD, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Caller.Answer login = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(created.text("tenantId"),
                        email, PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return Caller.bearer(login.text("accessToken"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void theLedgerCountsExactlyTheCommandsAcceptedFromABurstBeyondThePlan() throws Exception {
        List<Caller.Answer> leads = concurrently(i -> owner.post(platform.commandUrl() + "/api/v1/leads", """
                {"leadId":"burst-%d","contact":{"name":"Owner %d","phones":["+1555100%04d"]}}""".formatted(i, i, i)));
        String acceptedLead = leads.stream().filter(answer -> answer.status() == 201).findFirst().orElseThrow()
                .text("leadId");
        List<Caller.Answer> calls = concurrently(i -> owner.post(platform.commandUrl() + "/api/v1/leads/"
                + acceptedLead + "/calls", """
                {"callId":"burst-call-%d","direction":"outbound","phone":"%s","durationSeconds":90,
                 "outcome":"connected","recorded":false,"transcribed":false}""".formatted(i, phoneOf(acceptedLead))));

        assertThat(statuses(leads)).containsOnly(201, 429).filteredOn(status -> status == 201).hasSize(LIMIT);
        assertThat(statuses(calls)).containsOnly(201, 429).filteredOn(status -> status == 201).hasSize(LIMIT);

        JsonNode usage = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> owner.get(platform.queryUrl() + "/api/v1/usage").json(),
                        report -> used(report, "leads") == LIMIT && used(report, "calls") == LIMIT);
        assertThat(used(usage, "call_minutes")).isEqualTo(2L * LIMIT);
        assertThat(usage.path("asOf").path("position").asLong()).isPositive();

        Caller.Answer export = owner.get(platform.queryUrl() + "/api/v1/billing/usage-export?period="
                + usage.path("period").path("id").asText());
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.body().lines().filter(line -> line.contains("\"meter\":\"calls\""))).hasSize(LIMIT);
        assertThat(export.body().lines().filter(line -> line.contains("\"meter\":\"leads_created\"")))
                .hasSize(LIMIT);
    }

    /**
     * The query side rebuilds every read model from the command side's event store (its operator event stream) into a
     * new generation and switches: the tenant's leads, usage and invoice preview read exactly as before.
     */
    @Test
    void aRebuildFromTheEventStoreAnswersExactlyWhatTheLiveReadModelsDid() {
        Caller owner = ownerOfNewTenant("Rebuild Wholesale", "\"plan\":\"professional\",");
        Caller.Answer added = owner.post(platform.commandUrl() + "/api/v1/leads",
                "{\"leadId\":\"rebuild-1\",\"contact\":{\"name\":\"Rebuild Owner\",\"phones\":[\"+15552000001\"]}}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        List<String> views = List.of("/api/v1/leads?limit=100", "/api/v1/usage", "/api/v1/billing/invoice-preview");
        List<String> before = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> views.stream().map(view -> owner.get(platform.queryUrl() + view).body()).toList(),
                        answers -> answers.get(0).contains("rebuild-1"));

        Caller.Answer started = Caller.operator().post(platform.queryUrl() + "/api/v1/operator/rebuilds", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String progress = platform.queryUrl() + "/api/v1/operator/rebuilds/" + started.text("rebuildId");
        JsonNode done = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> Caller.operator().get(progress).json(),
                        rebuild -> !List.of("RUNNING", "SWITCHING").contains(rebuild.path("state").asText()));

        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("eventsRead").asLong()).isPositive();
        assertThat(views.stream().map(view -> owner.get(platform.queryUrl() + view).body()).toList())
                .isEqualTo(before);
    }

    private static String phoneOf(String leadId) {
        return "+1555100" + String.format("%04d", Integer.parseInt(leadId.substring("burst-".length())));
    }

    private static long used(JsonNode usage, String meter) {
        for (JsonNode entry : usage.path("meters")) {
            if (entry.path("meter").asText().equals(meter)) {
                return entry.path("used").asLong();
            }
        }
        return -1;
    }

    private static List<Integer> statuses(List<Caller.Answer> answers) {
        return answers.stream().map(Caller.Answer::status).toList();
    }

    /** Sends {@link #BURST} requests at once (released together) and collects every answer. */
    private static List<Caller.Answer> concurrently(IntFunction<Caller.Answer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Caller.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Caller.Answer> answers = new ArrayList<>();
            for (Future<Caller.Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
