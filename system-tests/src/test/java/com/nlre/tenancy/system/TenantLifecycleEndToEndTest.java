package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** HTTP → command side → event store → outbox → Kafka → projection → MongoDB → query side → HTTP. */
class TenantLifecycleEndToEndTest {

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = new Platform().start();
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    private static String createBody(String name) {
        return """
                {"businessName":"%s","businessType":"wholesale",
                 "owner":{"name":"John Doe","email":"john@acmere.com","phone":"+15551234567"},
                 "plan":"starter","configuration":{"timezone":"America/Los_Angeles"}}""".formatted(name);
    }

    @Test
    void aTenantCreatedOverHttpIsReadableOnTheQuerySideWithItsConsistencyToken() {
        Http.Response created = Http.post(platform.commandUrl() + "/api/v1/tenants", createBody("Acme"));
        assertThat(created.status()).isEqualTo(201);
        String tenantId = created.json().get("tenantId").asText();

        Http.Response read = Http.get(platform.queryUrl() + "/api/v1/tenants/" + tenantId, created.consistencyToken());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.consistencyReached()).isEqualTo("true");
        JsonNode tenant = read.json();
        assertThat(tenant.get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(tenant.get("businessName").asText()).isEqualTo("Acme");
        assertThat(tenant.get("status").asText()).isEqualTo("active");
        assertThat(tenant.get("plan").asText()).isEqualTo("starter");
        assertThat(tenant.get("limits").get("maxUsers").asInt()).isEqualTo(3);
        assertThat(tenant.get("configuration").get("tcpa").get("callWindowTimezone").asText())
                .isEqualTo("America/Los_Angeles");
    }

    @Test
    void everyLifecycleChangeShowsUpOnTheQuerySide() {
        String tenantId = Http.post(platform.commandUrl() + "/api/v1/tenants", createBody("Lifecycle")).json()
                .get("tenantId").asText();
        String commands = platform.commandUrl() + "/api/v1/tenants/" + tenantId;
        String tenant = platform.queryUrl() + "/api/v1/tenants/" + tenantId;

        Http.Response suspended = Http.post(commands + "/suspend", "{\"reason\":\"unpaid invoice\"}");
        JsonNode afterSuspend = Http.get(tenant, suspended.consistencyToken()).json();
        assertThat(afterSuspend.get("status").asText()).isEqualTo("suspended");
        assertThat(afterSuspend.get("statusReason").asText()).isEqualTo("unpaid invoice");

        Http.Response reactivated = Http.post(commands + "/reactivate", null);
        assertThat(Http.get(tenant, reactivated.consistencyToken()).json().get("status").asText()).isEqualTo("active");

        Http.Response planChanged = Http.put(commands + "/plan", "{\"plan\":\"professional\"}");
        JsonNode afterPlan = Http.get(tenant, planChanged.consistencyToken()).json();
        assertThat(afterPlan.get("plan").asText()).isEqualTo("professional");
        assertThat(afterPlan.get("limits").get("maxLeads").asLong()).isEqualTo(10_000L);

        Http.Response configured = Http.patch(commands + "/config",
                "{\"locale\":\"es-US\",\"tcpa\":{\"callWindowStart\":\"10:00\"}}");
        JsonNode afterConfig = Http.get(tenant, configured.consistencyToken()).json();
        assertThat(afterConfig.get("configuration").get("locale").asText()).isEqualTo("es-US");
        assertThat(afterConfig.get("configuration").get("tcpa").get("callWindowStart").asText()).startsWith("10:00");

        Http.Response canceled = Http.post(commands + "/cancel", "{\"reason\":\"customer left\"}");
        Http.Response afterCancel = Http.get(tenant, canceled.consistencyToken());
        assertThat(afterCancel.consistencyReached()).isEqualTo("true");
        assertThat(afterCancel.json().get("status").asText()).isEqualTo("canceled");
        assertThat(afterCancel.json().get("version").asLong())
                .as("created, owner added, suspended, reactivated, plan, configuration, canceled")
                .isEqualTo(6);

        Http.Response listed = Http.get(platform.queryUrl() + "/api/v1/tenants?status=canceled&plan=professional&size=100", null);
        assertThat(listed.json().get("items").findValuesAsText("tenantId")).contains(tenantId);
    }

    @Test
    void aSubscriptionThatEndsSuspendsTheTenantAndARenewalReactivatesItOnTheQuerySide() {
        String tenantId = Http.post(platform.commandUrl() + "/api/v1/tenants", createBody("Lapsing")).json()
                .get("tenantId").asText();
        String subscription = platform.commandUrl() + "/api/v1/tenants/" + tenantId + "/subscription";
        String tenant = platform.queryUrl() + "/api/v1/tenants/" + tenantId;
        Instant ended = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);

        Http.Response lapsed = Http.put(subscription, "{\"subscriptionEndsAt\":\"" + ended + "\"}");
        JsonNode afterEnd = Http.get(tenant, lapsed.consistencyToken()).json();
        assertThat(afterEnd.get("status").asText()).isEqualTo("suspended");
        assertThat(afterEnd.get("statusReason").asText()).startsWith("The subscription ended at " + ended);
        assertThat(Instant.parse(afterEnd.get("subscriptionEndsAt").asText())).isEqualTo(ended);

        Instant renewedUntil = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        Http.Response renewed = Http.put(subscription, "{\"subscriptionEndsAt\":\"" + renewedUntil + "\"}");
        JsonNode afterRenewal = Http.get(tenant, renewed.consistencyToken()).json();
        assertThat(afterRenewal.get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(afterRenewal.get("subscriptionEndsAt").asText())).isEqualTo(renewedUntil);
        assertThat(afterRenewal.get("version").asLong())
                .as("created, owner added, dates changed, lapsed, suspended, dates changed, reactivated")
                .isEqualTo(6);
    }

    @Test
    void theReadModelConvergesAfterTheQuerySideWasDownWhileEventsKeptComing() {
        platform.stopQuerySide();
        Map<String, String> lastTokens = new LinkedHashMap<>();
        List<String> suspended = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Http.Response created = Http.post(platform.commandUrl() + "/api/v1/tenants", createBody("Offline " + i));
            String tenantId = created.json().get("tenantId").asText();
            lastTokens.put(tenantId, created.consistencyToken());
            if (i % 3 == 0) {
                Http.Response suspend = Http.post(platform.commandUrl() + "/api/v1/tenants/" + tenantId + "/suspend",
                        "{\"reason\":\"while the query side was down\"}");
                lastTokens.put(tenantId, suspend.consistencyToken());
                suspended.add(tenantId);
            }
        }

        platform.startQuerySide();

        lastTokens.forEach((tenantId, token) -> {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Http.Response read = Http.get(platform.queryUrl() + "/api/v1/tenants/" + tenantId, token);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.consistencyReached()).isEqualTo("true");
                assertThat(read.json().get("status").asText())
                        .isEqualTo(suspended.contains(tenantId) ? "suspended" : "active");
            });
        });
        Http.Response offline = Http.get(platform.queryUrl() + "/api/v1/tenants?size=100", null);
        assertThat(offline.json().get("items").findValuesAsText("tenantId")).containsAll(lastTokens.keySet());
    }
}
