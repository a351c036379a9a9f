package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wholesaler's list of 1,000 leads, five of them unusable, travels the whole way: CSV upload to the command side,
 * a background job that adds each row as a lead, the job report, and the leads read model on the query side.
 */
class LeadImportEndToEndTest {

    private static final String OWNER_EMAIL = "owner@import-e2e.test";
    private static final String PASSWORD = "correct horse battery staple";
    private static final int ROWS = 1_000;
    /** The bad rows by line (the header is line 1) and the column each is refused for. */
    private static final Map<Integer, String> BAD_ROWS = Map.of(
            101, "name",
            251, "phone",
            501, "leadId",
            751, "email",
            1001, "timezone");

    private static Platform platform;
    private static Caller owner;

    @BeforeAll
    static void tenantWithOwner() {
        platform = new Platform().start();
        Caller.Answer created = Caller.operator().post(platform.commandUrl() + "/api/v1/tenants", """
                {"businessName":"Import Wholesale","businessType":"wholesale","plan":"professional","ownerPassword":"%s",
                 "owner":{"name":"Import Owner","email":"%s","phone":"+15551234567"}}""".formatted(PASSWORD, OWNER_EMAIL));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Caller.Answer login = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}"
                        .formatted(created.text("tenantId"), OWNER_EMAIL, PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        owner = Caller.bearer(login.text("accessToken"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void importsAThousandLeadsReportsTheFiveBadRowsAndTheReadModelListsTheRest() {
        Caller.Answer accepted = owner.call("POST", platform.commandUrl() + "/api/v1/leads/imports", csv(), "text/csv");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("total").asInt()).isEqualTo(ROWS);
        String jobUrl = platform.commandUrl() + "/api/v1/leads/imports/" + accepted.text("jobId");

        JsonNode job = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> owner.get(jobUrl).json(), report -> !"queued".equals(report.get("status").asText())
                        && !"running".equals(report.get("status").asText()));

        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("processed").asInt()).isEqualTo(ROWS);
        assertThat(job.get("created").asInt()).isEqualTo(ROWS - BAD_ROWS.size());
        assertThat(job.get("alreadyPresent").asInt()).isZero();
        assertThat(job.get("failed").asInt()).isEqualTo(BAD_ROWS.size());
        Map<Integer, String> reported = new java.util.TreeMap<>();
        job.get("errors").forEach(error -> reported.put(error.get("line").asInt(), error.get("field").asText()));
        assertThat(reported).isEqualTo(new java.util.TreeMap<>(BAD_ROWS));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> listed = allListedLeadIds();
            assertThat(listed).hasSize(ROWS - BAD_ROWS.size());
            assertThat(listed).contains(leadId(2), leadId(500), leadId(1000))
                    .doesNotContain(leadId(101), leadId(251), leadId(751), leadId(1001));
        });
    }

    /** Every lead id of the tenant, page by page through the query side's cursor. */
    private static Set<String> allListedLeadIds() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Caller.Answer page = owner.get(platform.queryUrl() + "/api/v1/leads?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            List<String> onPage = new ArrayList<>();
            page.json().get("items").forEach(item -> onPage.add(item.get("leadId").asText()));
            for (String id : onPage) {
                assertThat(ids.add(id)).as("pages never repeat a lead: %s", id).isTrue();
            }
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
            assertThat(++pages).as("pages end").isLessThanOrEqualTo(ROWS / 100 + 1);
        } while (cursor != null);
        return ids;
    }

    /**
     * The lead id the file gives the row on {@code line}; the row on line 501 repeats the id of the row on line 2.
     */
    private static String leadId(int line) {
        return "e2e-" + String.format("%04d", line == 501 ? 2 : line);
    }

    private static String csv() {
        StringBuilder csv = new StringBuilder("leadId,name,phone,email,city,state,timezone,tags\n");
        for (int line = 2; line <= ROWS + 1; line++) {
            String name = line == 101 ? "" : "Owner " + line;
            String phone = line == 251 ? "12345" : "+1555" + (2_000_000 + line);
            String email = line == 751 ? "not-an-email" : "owner" + line + "@example.com";
            String timezone = line == 1001 ? "Mars/Base" : line % 2 == 0 ? "America/Chicago" : "";
            csv.append(String.join(",", leadId(line), name, phone, email, "Austin", "TX", timezone, "list-a;absentee"))
                    .append('\n');
        }
        return csv.toString();
    }
}
