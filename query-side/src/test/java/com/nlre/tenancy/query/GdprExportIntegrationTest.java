package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.gdpr.TenantExportWriter;
import com.nlre.tenancy.web.ConsistencyToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GDPR exports over HTTP: a data subject's export and the tenant export job, built from the (stub) command side's
 * history and the projected read models, for two tenants that use the same lead id and the same user id — each
 * export holds only its own tenant's events and data, in both directions.
 */
class GdprExportIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED_LEAD = new LeadId("crm-gdpr-1");
    private static final UserId SHARED_USER = UserId.generate();
    private static final String SUBJECT_ROUTE = "/api/v1/gdpr/subjects/%s/%s/export";
    private static final String EXPORTS = "/api/v1/gdpr/exports";

    /** A tenant whose lead and user carry the shared ids, its names marked with the tenant. */
    private record Tenant(TenantId id, UserId owner, LeadId ownLead) {

        String gdpr() {
            return TestJwts.token(id, owner, Role.OWNER, Set.of(Permission.values()));
        }

        String sharedUser() {
            return TestJwts.token(id, SHARED_USER, Role.AGENT, Role.AGENT.defaultPermissions());
        }

        String leadName() {
            return "Owner of " + id;
        }

        String userName() {
            return "Agent of " + id;
        }
    }

    @AfterEach
    void streamAnswersPromptlyAgain() {
        COMMAND_SIDE.delayEventPages(0);
    }

    @Test
    void exportsALeadWithItsDataHistoryConsentsCallsAndAccessAuditOfTheCallersTenantOnly() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant other = pair[1];
            String viewed = viewLeadAndAwaitItsAuditRecord(caller);

            JsonNode export = ok(get(SUBJECT_ROUTE.formatted("lead", SHARED_LEAD), bearer(caller.gdpr())));

            assertThat(export.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(export.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(export.path("subjectType").asText()).isEqualTo("lead");
            assertThat(export.path("data").path("name").asText()).isEqualTo(caller.leadName());
            assertThat(export.path("data").path("status").asText()).isEqualTo("contacted");
            assertThat(export.path("consents")).hasSize(1);
            assertThat(export.path("consents").get(0).path("phone").asText()).isEqualTo("+15125550101");
            assertThat(export.path("consents").get(0).path("evidence").path("sourceIp").asText())
                    .isEqualTo("203.0.113.7");
            assertThat(values(export.path("calls"), "callId")).containsExactly("call-1");
            assertThat(values(export.path("calls"), "notes")).containsExactly("notes of " + caller.id());
            assertThat(values(export.path("history"), "type")).containsExactly("LeadAdded", "ConsentRecorded",
                    "LeadStatusChanged", "CallLogged");
            assertThat(values(export.path("history"), "aggregateId")).containsOnly(caller.id() + "." + SHARED_LEAD);
            export.path("history").forEach(event -> {
                assertThat(event.path("decoded").asBoolean()).isTrue();
                assertThat(event.path("event").path("tenantId").asText()).isEqualTo(caller.id().value());
                assertThat(event.has("payload")).isFalse();
            });
            assertThat(export.path("history").get(0).path("event").path("contact").path("name").asText())
                    .isEqualTo(caller.leadName());
            assertThat(export.path("positionReached").asLong())
                    .isEqualTo(export.path("history").get(3).path("position").asLong());
            assertThat(values(export.path("accessAudit"), "recordId")).contains(viewed);
            assertThat(values(export.path("accessAudit"), "tenantId")).containsOnly(caller.id().value());
            assertThat(export.toString()).doesNotContain(other.id().value(), other.leadName());
        }
    }

    @Test
    void exportsAUserWithTheTenantEventsNamingItItsCallsAndItsOwnRequestsOfTheCallersTenantOnly() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant other = pair[1];
            String viewed = viewLeadAndAwaitItsAuditRecord(caller);

            JsonNode export = ok(get(SUBJECT_ROUTE.formatted("user", SHARED_USER), bearer(caller.gdpr())));

            assertThat(export.path("subjectType").asText()).isEqualTo("user");
            assertThat(export.path("data").path("userId").asText()).isEqualTo(SHARED_USER.value());
            assertThat(export.path("data").path("name").asText()).isEqualTo(caller.userName());
            assertThat(values(export.path("history"), "type")).containsExactly("TenantUserAdded");
            assertThat(export.path("history").get(0).path("event").path("profile").path("name").asText())
                    .isEqualTo(caller.userName());
            assertThat(values(export.path("calls"), "callId")).containsExactly("call-1");
            assertThat(export.path("consents")).isEmpty();
            assertThat(values(export.path("accessAudit"), "recordId")).contains(viewed);
            assertThat(values(export.path("accessAudit"), "actorId")).contains(SHARED_USER.value());
            assertThat(export.toString()).doesNotContain(other.id().value(), other.userName());
        }
    }

    @Test
    void answersAnotherTenantsSubjectLikeAnUnknownOneAndAuditsTheAttempt() {
        Tenant a = seededTenant();
        Tenant b = seededTenant();

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant target = pair[1];
            ResponseEntity<JsonNode> foreign = get(SUBJECT_ROUTE.formatted("lead", target.ownLead()),
                    bearer(caller.gdpr()));
            LeadId nowhere = LeadId.generate();
            ResponseEntity<JsonNode> unknown = get(SUBJECT_ROUTE.formatted("lead", nowhere), bearer(caller.gdpr()));
            assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertProblem(foreign, "not-found");
            assertThat(foreign.getBody().toString().replace(target.ownLead().value(), "{id}"))
                    .isEqualTo(unknown.getBody().toString().replace(nowhere.value(), "{id}"));
            assertThat(get(SUBJECT_ROUTE.formatted("user", target.owner()), bearer(caller.gdpr())).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            await().atMost(CATCH_UP).untilAsserted(() -> assertThat(auditEntries(caller.id(), "cross_tenant_attempt"))
                    .extracting(entry -> entry.path("resourceId").asText())
                    .contains(target.ownLead().value(), target.owner().value()));
        }

        ResponseEntity<JsonNode> badType = get(SUBJECT_ROUTE.formatted("agent", SHARED_LEAD), bearer(a.gdpr()));
        assertThat(badType.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(badType, "invalid-request");
        String withoutGdpr = TestJwts.token(a.id(), a.owner(), Role.ADMIN, EnumSet.of(Permission.LEADS_READ,
                Permission.AUDIT_READ));
        for (String path : List.of(SUBJECT_ROUTE.formatted("lead", SHARED_LEAD), EXPORTS)) {
            ResponseEntity<JsonNode> refused = get(path, bearer(withoutGdpr));
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(refused, "forbidden");
        }
    }

    @Test
    void runsATenantExportJobToADownloadableZipHoldingOnlyItsOwnTenantsEventsAndData() throws IOException {
        Tenant a = seededTenant();
        Tenant b = seededTenant();
        Map<Tenant, String> exportIds = new LinkedHashMap<>();

        COMMAND_SIDE.delayEventPages(400);
        ResponseEntity<JsonNode> started = exchange(HttpMethod.POST, EXPORTS, bearer(a.gdpr()));
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String firstId = started.getBody().path("exportId").asText();
        assertThat(started.getHeaders().getLocation()).isEqualTo(URI.create(EXPORTS + "/" + firstId));
        assertThat(started.getBody().path("state").asText()).isIn("queued", "running");
        ResponseEntity<JsonNode> second = exchange(HttpMethod.POST, EXPORTS, bearer(a.gdpr()));
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getBody().path("exportId").asText()).isEqualTo(firstId);
        COMMAND_SIDE.delayEventPages(0);
        exportIds.put(a, firstId);
        exportIds.put(b, start(b.gdpr(), EXPORTS));

        for (Tenant[] pair : new Tenant[][]{{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant other = pair[1];
            String exportId = exportIds.get(caller);
            JsonNode job = awaitCompleted(EXPORTS + "/" + exportId, bearer(caller.gdpr()));
            assertThat(job.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(job.path("requestedBy").asText()).isEqualTo(caller.owner().value());
            assertThat(job.path("eventsRead").asLong()).isEqualTo(8);
            assertThat(job.path("position").asLong()).isPositive();
            assertThat(job.path("expiresAt").asText()).isNotBlank();
            assertThat(job.path("downloadUrl").asText()).isEqualTo(EXPORTS + "/" + exportId + "/download");

            Map<String, String> files = download(job.path("downloadUrl").asText(), bearer(caller.gdpr()));
            assertThat(files.keySet()).containsExactly(TenantExportWriter.TENANT, TenantExportWriter.USERS,
                    TenantExportWriter.LEADS, TenantExportWriter.AGENTS, TenantExportWriter.USAGE,
                    TenantExportWriter.INVOICES, TenantExportWriter.HISTORY, TenantExportWriter.ACCESS_AUDIT,
                    TenantExportWriter.MANIFEST);
            JsonNode manifest = TestEvents.JSON.readTree(files.get(TenantExportWriter.MANIFEST));
            assertThat(manifest.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(manifest.path("exportId").asText()).isEqualTo(exportId);
            assertThat(manifest.path("positionReached").asLong()).isEqualTo(job.path("position").asLong());
            assertThat(TestEvents.JSON.readTree(files.get(TenantExportWriter.TENANT)).path("tenantId").asText())
                    .isEqualTo(caller.id().value());
            Map<String, List<JsonNode>> lines = new LinkedHashMap<>();
            files.forEach((name, content) -> {
                if (name.endsWith(".ndjson")) {
                    lines.put(name, ndjson(content));
                    assertThat((long) lines.get(name).size()).as(name)
                            .isEqualTo(manifest.path("counts").path(name).asLong());
                }
            });
            List<JsonNode> history = lines.get(TenantExportWriter.HISTORY);
            assertThat(history).hasSize(8);
            history.forEach(event -> assertThat(event.path("event").path("tenantId").asText())
                    .isEqualTo(caller.id().value()));
            assertThat(values(lines.get(TenantExportWriter.USERS), "userId")).contains(SHARED_USER.value());
            assertThat(lines.get(TenantExportWriter.LEADS)).hasSize(2);
            JsonNode lead = lines.get(TenantExportWriter.LEADS).stream()
                    .filter(line -> line.path("lead").path("leadId").asText().equals(SHARED_LEAD.value()))
                    .findFirst().orElseThrow();
            assertThat(lead.path("lead").path("leadId").asText()).isEqualTo(SHARED_LEAD.value());
            assertThat(lead.path("lead").path("name").asText()).isEqualTo(caller.leadName());
            assertThat(lead.path("consents")).hasSize(1);
            assertThat(values(lead.path("calls"), "callId")).containsExactly("call-1");
            assertThat(values(lines.get(TenantExportWriter.USAGE), "tenantId")).containsOnly(caller.id().value());
            assertThat(String.join("\n", files.values())).doesNotContain(other.id().value(), other.leadName());

            for (String path : List.of(EXPORTS + "/" + exportIds.get(other),
                    EXPORTS + "/" + exportIds.get(other) + "/download")) {
                ResponseEntity<JsonNode> foreign = get(path, bearer(caller.gdpr()));
                assertThat(foreign.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
                assertProblem(foreign, "not-found");
            }
            assertThat(exchange(HttpMethod.DELETE, EXPORTS + "/" + exportIds.get(other), bearer(caller.gdpr()))
                    .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(values(ok(get(EXPORTS, bearer(caller.gdpr()))).path("items"), "exportId"))
                    .containsExactly(exportId);
            await().atMost(CATCH_UP).untilAsserted(() -> assertThat(auditEntries(caller.id(), "cross_tenant_attempt"))
                    .extracting(entry -> entry.path("resourceId").asText()).contains(exportIds.get(other)));
        }

        assertThat(exchange(HttpMethod.DELETE, EXPORTS + "/" + exportIds.get(a), bearer(a.gdpr())).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get(EXPORTS + "/" + exportIds.get(a), bearer(a.gdpr())).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ok(get(EXPORTS, bearer(a.gdpr()))).path("items")).isEmpty();
        assertThat(get(EXPORTS + "/" + exportIds.get(b), bearer(b.gdpr())).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void operatorsExportAnyTenantWhileTenantCredentialsCannotReachTheOperatorRoutes() throws IOException {
        Tenant a = seededTenant();
        Tenant b = seededTenant();
        String base = "/api/v1/operator/tenants/" + a.id() + "/gdpr";

        String exportId = start(null, base + "/exports");
        JsonNode job = awaitCompleted(base + "/exports/" + exportId, null);
        assertThat(job.path("requestedBy").asText()).isEqualTo(OPERATOR);
        assertThat(job.path("downloadUrl").asText()).isEqualTo(base + "/exports/" + exportId + "/download");
        Map<String, String> files = download(job.path("downloadUrl").asText(), null);
        assertThat(ndjson(files.get(TenantExportWriter.HISTORY))).hasSize(8);
        assertThat(String.join("\n", files.values())).doesNotContain(b.id().value());
        assertThat(values(asOperator(base + "/exports", new HttpHeaders()).getBody().path("items"), "exportId"))
                .containsExactly(exportId);
        JsonNode subject = asOperator(base + "/subjects/lead/" + SHARED_LEAD + "/export", new HttpHeaders())
                .getBody();
        assertThat(subject.path("data").path("name").asText()).isEqualTo(a.leadName());
        assertThat(asOperator("/api/v1/operator/tenants/" + b.id() + "/gdpr/exports/" + exportId,
                new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(asOperator("/api/v1/operator/tenants/" + TenantId.generate() + "/gdpr/exports",
                new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        for (String path : List.of(base + "/exports", base + "/exports/" + exportId,
                base + "/exports/" + exportId + "/download", base + "/subjects/lead/" + SHARED_LEAD + "/export")) {
            ResponseEntity<JsonNode> refused = get(path, bearer(a.gdpr()));
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(exchange(HttpMethod.POST, base + "/exports", bearer(a.gdpr())).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange(HttpMethod.DELETE, base + "/exports/" + exportId, bearer(a.gdpr())).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth(OPERATOR, PASSWORD).exchange(base + "/exports/" + exportId, HttpMethod.DELETE,
                HttpEntity.EMPTY, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode docs = rest.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(docs.path("paths").fieldNames()).toIterable().contains(EXPORTS, EXPORTS + "/{exportId}",
                EXPORTS + "/{exportId}/download", "/api/v1/gdpr/subjects/{subjectType}/{subjectId}/export",
                "/api/v1/operator/tenants/{tenantId}/gdpr/exports");
        assertThat(docs.path("components").path("schemas").path("GdprSubjectExport").path("properties")
                .has("history")).isTrue();
    }

    /**
     * A tenant as the command side leaves it: created, its owner, a user with the shared user id, a lead with the shared
     * lead id that has consent, a status change and a call by that user, and a lead of its own (8 events); waits
     * until all are projected.
     */
    private Tenant seededTenant() {
        Tenant tenant = new Tenant(TenantId.generate(), UserId.generate(), LeadId.generate());
        TenantId id = tenant.id();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(TestEvents.envelope(TestEvents.created(id, Plan.PROFESSIONAL, at), 0, at));
        publish(TestEvents.envelope(TestEvents.userAdded(id, SHARED_USER, tenant.userName(), "agent@tenant.test",
                Role.AGENT, at), 1, at));
        publish(TestEvents.envelope(TestEvents.userAdded(id, tenant.owner(), "Owner " + id, "owner@tenant.test",
                Role.OWNER, at), 2, at));
        lead(SHARED_LEAD, 0, TestEvents.leadAdded(id, SHARED_LEAD, TestEvents.contact(tenant.leadName(),
                "+15125550101", "1 Oak St.", "Austin"), at));
        lead(SHARED_LEAD, 1, new ConsentRecorded(id, SHARED_LEAD, "+15125550101", new ConsentEvidence(at, "web_form",
                "v3", "https://sell-fast.example.test/form", "203.0.113.7"), at));
        lead(SHARED_LEAD, 2, new LeadStatusChanged(id, SHARED_LEAD, LeadStatus.NEW, LeadStatus.CONTACTED, at));
        lead(SHARED_LEAD, 3, new CallLogged(id, SHARED_LEAD, "call-1", CallDirection.OUTBOUND, "+15125550101",
                SHARED_USER.value(), at.plusSeconds(60), 95, CallOutcome.CONNECTED, "notes of " + id, false, false,
                at.plusSeconds(155)));
        lead(tenant.ownLead(), 0, TestEvents.leadAdded(id, tenant.ownLead(), TestEvents.contact("Own Owner",
                "+15125550102", "2 Oak St.", "Austin"), at));

        HttpHeaders headers = bearer(tenant.gdpr());
        headers.set(ConsistencyToken.HEADER, new ConsistencyToken(id, id + "." + tenant.ownLead(), 0).format());
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/leads/" + tenant.ownLead(), headers)
                .getStatusCode()).isEqualTo(HttpStatus.OK));
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(get("/api/v1/users/" + SHARED_USER,
                bearer(tenant.gdpr())).getStatusCode()).isEqualTo(HttpStatus.OK));
        return tenant;
    }

    private static void lead(LeadId leadId, long sequence, TenantEvent event) {
        publish(TestEvents.leadEnvelope(event, leadId, sequence));
    }

    /** The shared user reads the shared lead; returns the id of the access-audit record that request left. */
    private String viewLeadAndAwaitItsAuditRecord(Tenant tenant) {
        assertThat(get("/api/v1/leads/" + SHARED_LEAD, bearer(tenant.sharedUser())).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        return await().atMost(CATCH_UP).until(() -> {
            JsonNode page = ok(get("/api/v1/audit/access?actorId=" + SHARED_USER + "&resourceId=" + SHARED_LEAD,
                    bearer(tenant.gdpr())));
            return page.path("items").size() == 0 ? null : page.path("items").get(0).path("recordId").asText();
        }, recordId -> recordId != null);
    }

    private String start(String token, String path) {
        ResponseEntity<JsonNode> started = token == null
                ? rest.withBasicAuth(OPERATOR, PASSWORD).exchange(path, HttpMethod.POST, HttpEntity.EMPTY,
                JsonNode.class)
                : exchange(HttpMethod.POST, path, bearer(token));
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return started.getBody().path("exportId").asText();
    }

    /** Polls the job (as the tenant with {@code headers}, or as an operator when null) until it completed. */
    private JsonNode awaitCompleted(String path, HttpHeaders headers) {
        return await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode job = ok(headers == null ? asOperator(path, new HttpHeaders()) : get(path, headers));
            assertThat(job.path("state").asText()).isNotEqualTo("failed");
            return job;
        }, job -> job.path("state").asText().equals("completed"));
    }

    private Map<String, String> download(String path, HttpHeaders headers) throws IOException {
        ResponseEntity<byte[]> response = headers == null
                ? rest.withBasicAuth(OPERATOR, PASSWORD).exchange(path, HttpMethod.GET, HttpEntity.EMPTY, byte[].class)
                : rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/zip");
        assertThat(response.getHeaders().getContentDisposition().getFilename()).endsWith(".zip");
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.getBody()))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, HttpHeaders headers) {
        return rest.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static List<JsonNode> ndjson(String content) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(TestEvents.JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    private static List<String> values(Iterable<JsonNode> items, String field) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }
}
