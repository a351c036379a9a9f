package com.nlre.tenancy.command.lead.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeadImportApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    /** Two good rows (lines 2 and 6) and four bad ones: no name, no number, a repeated id, an invalid email. */
    private static final String FILE = """
            leadId,name,phone,email,city,tags
            imp-1,Ann Seller,(555) 201-0001,ann@example.com,Austin,hot;Probate
            imp-2,,555-201-0002,,,
            imp-3,Bob Seller,not-a-phone,,,
            imp-1,Dup Seller,555-201-0004,,,
            ,Carl Seller,555 201 0005,,Dallas,
            imp-6,Dana Seller,555-201-0006,not-an-email,,
            """;

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private LeadImporter importer;

    private TenantOwner owner;
    private String token;

    @BeforeEach
    void tenantWithOwner() {
        owner = createTenantWithOwner(PASSWORD);
        token = login(owner);
    }

    @Test
    void importsTheGoodRowsAndReportsTheBadOnesByLineAndColumn() {
        Response accepted = upload(FILE);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String jobId = accepted.json().get("jobId").asText();
        assertThat(jobId).startsWith("import_");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/leads/imports/" + jobId);
        assertThat(accepted.json().get("total").asInt()).isEqualTo(6);
        JsonNode job = completed(jobId);
        assertThat(job.get("processed").asInt()).isEqualTo(6);
        assertThat(job.get("created").asInt()).isEqualTo(2);
        assertThat(job.get("alreadyPresent").asInt()).isZero();
        assertThat(job.get("failed").asInt()).isEqualTo(4);
        assertThat(job.get("createdAt").asText()).isNotBlank();
        assertThat(job.get("finishedAt").asText()).isNotBlank();
        assertThat(errorsOf(job)).containsExactly(
                Map.entry(3, "name"), Map.entry(4, "phone"), Map.entry(5, "leadId"), Map.entry(7, "email"));
        assertThat(eventCount()).isEqualTo(2);
    }

    @Test
    void uploadingTheSameFileAgainAddsNothingTwice() {
        completed(upload(FILE).json().get("jobId").asText());
        long events = eventCount();

        JsonNode again = completed(upload(FILE).json().get("jobId").asText());

        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("alreadyPresent").asInt()).isEqualTo(2);
        assertThat(again.get("failed").asInt()).isEqualTo(4);
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aJobIsReadOnlyWithinItsTenant() {
        String jobId = upload(FILE).json().get("jobId").asText();
        completed(jobId);
        String otherToken = login(createTenantWithOwner(PASSWORD));

        Response foreign = asUser(otherToken, "GET", "/api/v1/leads/imports/" + jobId, null);
        Response unknown = asUser(otherToken, "GET", "/api/v1/leads/imports/import_zzzzzzzzzzzzzzzz", null);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asText())
                .isEqualTo(unknown.json().get("detail").asText().replace("import_zzzzzzzzzzzzzzzz", jobId));
        assertThat(asUser(otherToken, "GET", "/api/v1/leads/imports/not-a-job", null).status()).isEqualTo(404);
    }

    @Test
    void refusesAFileWithoutTheRequiredColumnsOrWithTooManyRows() {
        Response noHeader = upload("Ann Seller,5552010001\n");
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.json().get("errors").get(0).get("field").asText()).isEqualTo("body");

        Response tooMany = upload("name,phone\n" + "Ann Seller,5552010001\n".repeat(LeadImportController.MAX_ROWS + 1));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("detail").asText()).contains("10000 rows");

        assertThat(upload("name,phone\n").status()).isEqualTo(400);
    }

    @Test
    void aViewerCannotImportButMayFollowAJob() {
        String jobId = upload(FILE).json().get("jobId").asText();
        addUser(token, "viewer@acmere.com", "viewer", null, PASSWORD);
        String viewer = login(owner.tenantId(), "viewer@acmere.com", PASSWORD);

        assertThat(request("POST", "/api/v1/leads/imports", FILE,
                Map.of("Authorization", "Bearer " + viewer, "Content-Type", "text/csv")).status()).isEqualTo(403);
        assertThat(asUser(viewer, "GET", "/api/v1/leads/imports/" + jobId, null).status()).isEqualTo(200);
        completed(jobId);
    }

    @Test
    void aJobWhoseInstanceStoppedIsDeclaredInterrupted() {
        String jobId = "import_stoppedinstance1";
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        jdbc.update("INSERT INTO lead_import_jobs (job_id, tenant_id, requested_by, status, total, processed, "
                        + "instance_id, heartbeat_at, created_at, started_at) VALUES (?, ?, ?, 'running', 100, 50, "
                        + "'instance_gone', ?, ?, ?)", jobId, owner.tenantId(), owner.ownerUserId(),
                longAgo.atOffset(ZoneOffset.UTC), longAgo.atOffset(ZoneOffset.UTC), longAgo.atOffset(ZoneOffset.UTC));

        importer.sweep();

        JsonNode job = asUser(token, "GET", "/api/v1/leads/imports/" + jobId, null).json();
        assertThat(job.get("status").asText()).isEqualTo("interrupted");
        assertThat(job.get("processed").asInt()).isEqualTo(50);
        assertThat(job.get("reason").asText()).contains("Upload the same file again");
    }

    private Response upload(String csv) {
        return request("POST", "/api/v1/leads/imports", csv,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/csv"));
    }

    private JsonNode completed(String jobId) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            job[0] = asUser(token, "GET", "/api/v1/leads/imports/" + jobId, null).json();
            assertThat(job[0].get("status").asText()).isEqualTo("completed");
        });
        return job[0];
    }

    private static java.util.List<Map.Entry<Integer, String>> errorsOf(JsonNode job) {
        java.util.List<Map.Entry<Integer, String>> errors = new java.util.ArrayList<>();
        job.get("errors").forEach(error -> errors.add(Map.entry(error.get("line").asInt(),
                error.get("field").asText())));
        return errors;
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ?",
                Long.class, owner.tenantId() + ".%");
        return count == null ? 0 : count;
    }
}
