package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed Phase 4, "security testing (cross-tenant access attempts)". Two tenants share the same user emails and the same
 * data shapes; every tenant endpoint of both services is called with one tenant's credentials against the other's
 * resources, both directions, and must answer as if the resource did not exist while nothing of the victim changes.
 *
 * <p>The suite enumerates the endpoints the services actually map: an endpoint added later without an attack in
 * {@link #ATTACKS} fails {@link #everyTenantEndpointIsAttacked()}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationSuiteTest {

    private static final String SHARED_OWNER_EMAIL = "owner@shared-domain.test";
    private static final String SHARED_AGENT_EMAIL = "agent@shared-domain.test";
    private static final String PASSWORD = "correct horse battery staple";
    /** Both tenants hold a lead with this client-supplied id: the same id must name two different leads. */
    private static final String SHARED_LEAD_ID = "crm-shared-1";
    private static final String SHARED_LEAD_PHONE = "+15557654321";
    /** Both tenants register an AI agent with this id: the same id must name two different agents. */
    private static final String SHARED_AI_AGENT_ID = "dialer-shared";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final List<String> SECRETS_SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Platform platform;
    private static Tenant alpha;
    private static Tenant beta;

    /** One tenant as the suite sets it up: owner and agent with the shared emails, one live and one revoked API key. */
    record Tenant(String tenantId, String ownerId, String agentId, String ownerToken, String apiKeyId, String apiKey,
                  String revokedApiKey, String ownLeadId, String ownDncNumber, String importJobId,
                  String ownAiAgentId) {

        Caller owner() {
            return Caller.bearer(ownerToken);
        }

        Set<String> ids() {
            return Set.of(tenantId, ownerId, agentId, apiKeyId, ownLeadId, ownDncNumber, importJobId, ownAiAgentId);
        }
    }

    /** How one endpoint is attacked: {@code attacker} uses its own credentials against {@code victim}. */
    @FunctionalInterface
    interface Attack extends BiConsumer<Tenant, Tenant> {
    }

    private static final Map<String, Attack> ATTACKS = Map.ofEntries(
            entry("command POST /api/v1/users", TenantIsolationSuiteTest::createsOnlyInOwnTenant),
            entry("command PUT /api/v1/users/{userId}/role", foreignId("PUT", "/api/v1/users/%s/role",
                    "{\"role\":\"viewer\"}", Tenant::agentId)),
            entry("command PUT /api/v1/users/{userId}/permissions", foreignId("PUT", "/api/v1/users/%s/permissions",
                    "{\"permissions\":[\"leads.read\"]}", Tenant::agentId)),
            entry("command POST /api/v1/users/{userId}/deactivate", foreignId("POST",
                    "/api/v1/users/%s/deactivate", "{\"reason\":\"attack\"}", Tenant::agentId)),
            entry("command POST /api/v1/users/{userId}/reactivate", foreignId("POST",
                    "/api/v1/users/%s/reactivate", null, Tenant::agentId)),
            entry("command DELETE /api/v1/users/{userId}", foreignId("DELETE", "/api/v1/users/%s", null,
                    Tenant::agentId)),
            entry("command PUT /api/v1/users/me/password", TenantIsolationSuiteTest::actsOnlyOnSelf),
            entry("command POST /api/v1/users/me/mfa", TenantIsolationSuiteTest::actsOnlyOnSelf),
            entry("command POST /api/v1/users/me/mfa/confirm", TenantIsolationSuiteTest::actsOnlyOnSelf),
            entry("command DELETE /api/v1/users/me/mfa", TenantIsolationSuiteTest::actsOnlyOnSelf),
            entry("command POST /api/v1/api-keys", TenantIsolationSuiteTest::createsOnlyInOwnTenant),
            entry("command DELETE /api/v1/api-keys/{keyId}", foreignId("DELETE", "/api/v1/api-keys/%s", null,
                    Tenant::apiKeyId)),
            entry("query GET /api/v1/users", listShowsOnlyOwnTenant("/api/v1/users?size=100")),
            entry("query GET /api/v1/users/{userId}", foreignId("GET", "/api/v1/users/%s", null, Tenant::ownerId)),
            entry("query GET /api/v1/users/me", listShowsOnlyOwnTenant("/api/v1/users/me")),
            entry("query GET /api/v1/api-keys", listShowsOnlyOwnTenant("/api/v1/api-keys")),
            entry("query GET /api/v1/api-keys/{keyId}", foreignId("GET", "/api/v1/api-keys/%s", null,
                    Tenant::apiKeyId)),
            entry("command POST /api/v1/leads", TenantIsolationSuiteTest::createsOnlyInOwnTenant),
            entry("command PUT /api/v1/leads/{leadId}/contact", foreignId("PUT", "/api/v1/leads/%s/contact",
                    "{\"contact\":{\"name\":\"Hijacked\",\"phones\":[\"+15559990000\"]}}", Tenant::ownLeadId)),
            entry("command POST /api/v1/leads/{leadId}/status", foreignId("POST", "/api/v1/leads/%s/status",
                    "{\"status\":\"contacted\"}", Tenant::ownLeadId)),
            entry("command PUT /api/v1/leads/{leadId}/assignee", foreignId("PUT", "/api/v1/leads/%s/assignee",
                    "{\"userId\":null}", Tenant::ownLeadId)),
            entry("command POST /api/v1/leads/{leadId}/tags", foreignId("POST", "/api/v1/leads/%s/tags",
                    "{\"tag\":\"stolen\"}", Tenant::ownLeadId)),
            entry("command DELETE /api/v1/leads/{leadId}/tags/{tag}", foreignId("DELETE",
                    "/api/v1/leads/%s/tags/hot", null, Tenant::ownLeadId)),
            entry("command DELETE /api/v1/leads/{leadId}", foreignId("DELETE", "/api/v1/leads/%s", null,
                    Tenant::ownLeadId)),
            entry("command POST /api/v1/leads/{leadId}/consents", foreignId("POST", "/api/v1/leads/%s/consents",
                    "{\"phone\":\"" + SHARED_LEAD_PHONE + "\",\"evidence\":{\"givenAt\":\"2026-01-01T12:00:00Z\","
                            + "\"method\":\"web_form\",\"consentTextVersion\":\"v1\"}}", Tenant::ownLeadId)),
            entry("command DELETE /api/v1/leads/{leadId}/consents/{phone}", foreignId("DELETE",
                    "/api/v1/leads/%s/consents/" + SHARED_LEAD_PHONE, null, Tenant::ownLeadId)),
            entry("command POST /api/v1/leads/{leadId}/calls", foreignId("POST", "/api/v1/leads/%s/calls",
                    "{\"direction\":\"outbound\",\"phone\":\"" + SHARED_LEAD_PHONE + "\",\"startedAt\":\"2026-06-01T16:00:00Z\","
                            + "\"durationSeconds\":60,\"outcome\":\"connected\",\"recorded\":false,\"transcribed\":false}",
                    Tenant::ownLeadId)),
            entry("command POST /api/v1/dnc", TenantIsolationSuiteTest::actsOnlyOnOwnLeadsAndLists),
            entry("command DELETE /api/v1/dnc/{phone}", TenantIsolationSuiteTest::actsOnlyOnOwnLeadsAndLists),
            entry("command POST /api/v1/leads/imports", TenantIsolationSuiteTest::actsOnlyOnOwnLeadsAndLists),
            entry("command GET /api/v1/leads/imports/{jobId}", foreignCommandRead("/api/v1/leads/imports/%s",
                    Tenant::importJobId)),
            entry("query GET /api/v1/leads", listShowsOnlyOwnTenant("/api/v1/leads?limit=100")),
            entry("query GET /api/v1/leads/{leadId}", foreignId("GET", "/api/v1/leads/%s", null, Tenant::ownLeadId)),
            entry("query GET /api/v1/leads/{leadId}/calls", foreignId("GET", "/api/v1/leads/%s/calls", null,
                    Tenant::ownLeadId)),
            entry("query GET /api/v1/calls", listShowsOnlyOwnTenant("/api/v1/calls")),
            entry("query GET /api/v1/leads/pipeline", TenantIsolationSuiteTest::pipelineCountsOnlyOwnLeads),
            entry("query GET /api/v1/dnc", listShowsOnlyOwnTenant("/api/v1/dnc")),
            entry("query GET /api/v1/usage", listShowsOnlyOwnTenant("/api/v1/usage")),
            entry("query GET /api/v1/billing/invoice-preview",
                    listShowsOnlyOwnTenant("/api/v1/billing/invoice-preview")),
            entry("query GET /api/v1/billing/invoices", listShowsOnlyOwnTenant("/api/v1/billing/invoices")),
            entry("query GET /api/v1/billing/invoices/{invoiceId}", TenantIsolationSuiteTest::invoiceIdsNameOnlyOwn),
            entry("query GET /api/v1/billing/usage-export", listShowsOnlyOwnTenant("/api/v1/billing/usage-export"
                    + "?period=" + YearMonth.now(ZoneId.of("America/Los_Angeles")))),
            entry("command POST /api/v1/agents", TenantIsolationSuiteTest::createsOnlyInOwnTenant),
            entry("command PUT /api/v1/agents/{agentId}", foreignId("PUT", "/api/v1/agents/%s",
                    "{\"name\":\"Hijacked\",\"purpose\":\"attack\",\"language\":\"en-US\"}", Tenant::ownAiAgentId)),
            entry("command DELETE /api/v1/agents/{agentId}", foreignId("DELETE", "/api/v1/agents/%s", null,
                    Tenant::ownAiAgentId)),
            entry("query GET /api/v1/agents", listShowsOnlyOwnTenant("/api/v1/agents?size=100")),
            entry("query GET /api/v1/agents/{agentId}", foreignId("GET", "/api/v1/agents/%s", null,
                    Tenant::ownAiAgentId)),
            entry("query GET /api/v1/subscription", listShowsOnlyOwnTenant("/api/v1/subscription")),
            entry("query GET /api/v1/audit/access", TenantIsolationSuiteTest::accessTrailShowsOnlyOwnTenant),
            entry("command GET /api/v1/audit/history", TenantIsolationSuiteTest::historyShowsOnlyOwnTenant),
            entry("command GET /api/v1/audit/state", (attacker, victim) -> commandReadShowsOnlyOwnTenant(attacker,
                    victim, "/api/v1/audit/state?at=" + Instant.now())),
            entry("command GET /api/v1/audit/leads/{leadId}/status-changes", foreignCommandRead(
                    "/api/v1/audit/leads/%s/status-changes", Tenant::ownLeadId)),
            entry("command POST /api/v1/gdpr/erasures", TenantIsolationSuiteTest::erasesOnlyInOwnTenant),
            entry("query GET /api/v1/gdpr/subjects/{subjectType}/{subjectId}/export",
                    TenantIsolationSuiteTest::subjectExportsShowOnlyOwnTenant),
            entry("query POST /api/v1/gdpr/exports", TenantIsolationSuiteTest::tenantExportHoldsOnlyOwnTenant),
            entry("query GET /api/v1/gdpr/exports", TenantIsolationSuiteTest::exportListShowsOnlyOwnJobs),
            entry("query GET /api/v1/gdpr/exports/{exportId}", foreignExport("GET", "")),
            entry("query GET /api/v1/gdpr/exports/{exportId}/download", foreignExport("GET", "/download")),
            entry("query DELETE /api/v1/gdpr/exports/{exportId}", foreignExport("DELETE", "")));

    /** Each tenant's completed tenant export, made once, that the export attacks aim at. */
    private static final Map<String, String> EXPORTS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void twoTenantsWithTheSameEmails() {
        LOGS.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(LOGS);
        platform = new Platform().start();
        alpha = setUp("Alpha Wholesale");
        beta = setUp("Beta Wholesale");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static Tenant setUp(String businessName) {
        Caller.Answer created = Caller.operator().post(platform.commandUrl() + "/api/v1/tenants", """
                {"businessName":"%s","businessType":"wholesale","plan":"professional","ownerPassword":"%s",
                 "owner":{"name":"Shared Owner","email":"%s","phone":"+15551234567"}}"""
                .formatted(businessName, PASSWORD, SHARED_OWNER_EMAIL));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tenantId = created.text("tenantId");
        String ownerId = created.text("ownerUserId");
        String token = login(tenantId, SHARED_OWNER_EMAIL, PASSWORD);
        Caller owner = Caller.bearer(token);

        Caller.Answer agent = owner.post(platform.commandUrl() + "/api/v1/users", """
                {"name":"Shared Agent","email":"%s","role":"agent","password":"%s"}"""
                .formatted(SHARED_AGENT_EMAIL, PASSWORD));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        Caller.Answer key = owner.post(platform.commandUrl() + "/api/v1/api-keys",
                "{\"name\":\"crm sync\",\"scopes\":[\"leads.read\",\"users.manage\"]}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        Caller.Answer revoked = owner.post(platform.commandUrl() + "/api/v1/api-keys",
                "{\"name\":\"old\",\"scopes\":[\"leads.read\"]}");
        assertThat(owner.call("DELETE", platform.commandUrl() + "/api/v1/api-keys/" + revoked.text("keyId"), null)
                .status()).isBetween(200, 204);
        String ownLeadId = businessName.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-only";
        String ownDncNumber = businessName.startsWith("Alpha") ? "+15550000001" : "+15550000002";
        for (String leadId : List.of(SHARED_LEAD_ID, ownLeadId)) {
            Caller.Answer lead = owner.post(platform.commandUrl() + "/api/v1/leads", """
                    {"leadId":"%s","contact":{"name":"Shared Seller","phones":["%s"],"email":"seller@shared-domain.test"},
                     "source":"isolation-suite","tags":["hot"]}""".formatted(leadId, SHARED_LEAD_PHONE));
            assertThat(lead.status()).as(lead.body()).isEqualTo(201);
            Caller.Answer consent = owner.post(platform.commandUrl() + "/api/v1/leads/" + leadId + "/consents", """
                    {"phone":"%s","evidence":{"givenAt":"2026-01-01T12:00:00Z","method":"web_form","consentTextVersion":"v1"}}"""
                    .formatted(SHARED_LEAD_PHONE));
            assertThat(consent.status()).as(consent.body()).isBetween(200, 201);
        }
        Caller.Answer dnc = owner.post(platform.commandUrl() + "/api/v1/dnc",
                "{\"phone\":\"%s\",\"reason\":\"asked\"}".formatted(ownDncNumber));
        assertThat(dnc.status()).as(dnc.body()).isBetween(200, 201);
        String ownAiAgentId = businessName.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-bot";
        for (String aiAgentId : List.of(SHARED_AI_AGENT_ID, ownAiAgentId)) {
            Caller.Answer aiAgent = owner.post(platform.commandUrl() + "/api/v1/agents", """
                    {"agentId":"%s","name":"Dialer","purpose":"isolation-suite","language":"en-US"}"""
                    .formatted(aiAgentId));
            assertThat(aiAgent.status()).as(aiAgent.body()).isEqualTo(201);
        }
        Caller.Answer importJob = owner.call("POST", platform.commandUrl() + "/api/v1/leads/imports",
                "name,phone,leadId\nImported Owner,+15553332222,imported-1\n", "text/csv");
        assertThat(importJob.status()).as(importJob.body()).isEqualTo(202);
        Tenant tenant = new Tenant(tenantId, ownerId, agent.text("userId"), token, key.text("keyId"),
                key.text("apiKey"), revoked.text("apiKey"), ownLeadId, ownDncNumber, importJob.text("jobId"),
                ownAiAgentId);
        SECRETS_SEEN.add(tenant.apiKey());
        SECRETS_SEEN.add(tenant.revokedApiKey());
        awaitReadSide(tenant);
        return tenant;
    }

    private static String login(String tenantId, String email, String password) {
        Caller.Answer answer = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(tenantId, email, password));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.text("accessToken");
    }

    private static void awaitReadSide(Tenant tenant) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String users = tenant.owner().get(platform.queryUrl() + "/api/v1/users?size=100").body();
            assertThat(users).contains(tenant.ownerId(), tenant.agentId());
            assertThat(tenant.owner().get(platform.queryUrl() + "/api/v1/api-keys").body()).contains(tenant.apiKeyId());
            assertThat(tenant.owner().get(platform.queryUrl() + "/api/v1/leads?limit=100").body())
                    .contains(SHARED_LEAD_ID, tenant.ownLeadId());
            assertThat(tenant.owner().get(platform.queryUrl() + "/api/v1/agents?size=100").body())
                    .contains(SHARED_AI_AGENT_ID, tenant.ownAiAgentId());
        });
    }

    // ---- the attacks -------------------------------------------------------------------------------------------

    /** A request naming the victim's resource is answered exactly like one naming a resource that never existed. */
    private static Attack foreignId(String method, String pathFormat, String body,
                                    java.util.function.Function<Tenant, String> victimsId) {
        return (attacker, victim) -> {
            String base = method.equals("GET") ? platform.queryUrl() : platform.commandUrl();
            String unknownId = unknownLike(victimsId.apply(victim));
            Caller.Answer foreign = attacker.owner().call(method, base + pathFormat.formatted(victimsId.apply(victim)), body);
            Caller.Answer unknown = attacker.owner().call(method, base + pathFormat.formatted(unknownId), body);
            assertThat(foreign.status()).as("%s %s → %s", method, pathFormat, foreign.body()).isEqualTo(404);
            assertThat(withoutInstance(foreign)).isEqualTo(withoutInstance(unknown).replace(unknownId,
                    victimsId.apply(victim)));
        };
    }

    /** Erasing the victim's lead or user by id is answered exactly like an unknown subject: 404, nothing forgotten. */
    private static void erasesOnlyInOwnTenant(Tenant attacker, Tenant victim) {
        for (String[] subject : new String[][]{{"lead", victim.ownLeadId()}, {"user", victim.agentId()}}) {
            String body = "{\"subjectType\":\"%s\",\"subjectId\":\"%s\"}";
            String unknownId = unknownLike(subject[1]);
            Caller.Answer foreign = attacker.owner().call("POST", platform.commandUrl() + "/api/v1/gdpr/erasures",
                    body.formatted(subject[0], subject[1]));
            Caller.Answer unknown = attacker.owner().call("POST", platform.commandUrl() + "/api/v1/gdpr/erasures",
                    body.formatted(subject[0], unknownId));
            assertThat(foreign.status()).as("erase %s → %s", subject[0], foreign.body()).isEqualTo(404);
            assertThat(withoutInstance(foreign)).isEqualTo(withoutInstance(unknown).replace(unknownId, subject[1]));
        }
    }

    /**
     * A subject export of the victim's lead or user is answered like an unknown subject's; one of the lead id both
     * tenants use holds only the attacker's own lead.
     */
    private static void subjectExportsShowOnlyOwnTenant(Tenant attacker, Tenant victim) {
        foreignId("GET", "/api/v1/gdpr/subjects/lead/%s/export", null, Tenant::ownLeadId).accept(attacker, victim);
        foreignId("GET", "/api/v1/gdpr/subjects/user/%s/export", null, Tenant::agentId).accept(attacker, victim);
        Caller.Answer shared = attacker.owner().get(platform.queryUrl() + "/api/v1/gdpr/subjects/lead/"
                + SHARED_LEAD_ID + "/export");
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(shared.body()).contains(attacker.tenantId()).doesNotContain(victim.ids());
    }

    /**
     * The attacker's whole-tenant export holds its own tenant's data and events only. Its access-audit file may name the
     * victim's ids (the attacker's own refused attempts on them), but every record in it is the attacker's tenant's.
     */
    private static void tenantExportHoldsOnlyOwnTenant(Tenant attacker, Tenant victim) {
        Map<String, String> files = exportFiles(attacker, exportOf(attacker));
        Set<String> victimIds = new TreeSet<>(victim.ids());
        victimIds.remove(victim.ownDncNumber());
        assertThat(files.get("leads.ndjson")).contains(SHARED_LEAD_ID);
        files.forEach((name, text) -> {
            if (name.equals("access-audit.ndjson")) {
                text.lines().forEach(line -> assertThat(line).contains("\"tenantId\":\"" + attacker.tenantId() + "\""));
            } else {
                assertThat(text).as(name).doesNotContain(victim.tenantId()).doesNotContain(victimIds);
            }
        });
    }

    private static void exportListShowsOnlyOwnJobs(Tenant attacker, Tenant victim) {
        exportOf(attacker);
        Caller.Answer list = attacker.owner().get(platform.queryUrl() + "/api/v1/gdpr/exports");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains(exportOf(attacker)).doesNotContain(exportOf(victim))
                .doesNotContain(victim.ids());
    }

    /** The victim's export, named by its id, is answered like an unknown export and stays the victim's. */
    private static Attack foreignExport(String method, String suffix) {
        return (attacker, victim) -> {
            String exportId = exportOf(victim);
            String unknownId = unknownLike(exportId);
            String path = platform.queryUrl() + "/api/v1/gdpr/exports/%s" + suffix;
            Caller.Answer foreign = attacker.owner().call(method, path.formatted(exportId), null);
            Caller.Answer unknown = attacker.owner().call(method, path.formatted(unknownId), null);
            assertThat(foreign.status()).as("%s export%s → %s", method, suffix, foreign.body()).isEqualTo(404);
            assertThat(withoutInstance(foreign)).isEqualTo(withoutInstance(unknown).replace(unknownId, exportId));
            assertThat(victim.owner().get(path.formatted(exportId)).status()).as("still the victim's").isEqualTo(200);
        };
    }

    /** The tenant's completed export, started on first use. */
    private static String exportOf(Tenant tenant) {
        return EXPORTS.computeIfAbsent(tenant.tenantId(), ignored -> {
            Caller.Answer started = tenant.owner().post(platform.queryUrl() + "/api/v1/gdpr/exports", null);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String exportId = started.text("exportId");
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(tenant.owner()
                    .get(platform.queryUrl() + "/api/v1/gdpr/exports/" + exportId).text("state")));
            return exportId;
        });
    }

    /** The export's ZIP: each file's name and text. */
    private static Map<String, String> exportFiles(Tenant tenant, String exportId) {
        Map<String, String> files = tenant.owner().zipFiles(platform.queryUrl() + "/api/v1/gdpr/exports/" + exportId
                + "/download");
        assertThat(files).containsKeys("manifest.json", "history.ndjson", "leads.ndjson");
        return files;
    }

    /** An id of the same shape that names nothing in any tenant. */
    private static String unknownLike(String id) {
        String unknown = id.matches(".*_[a-z0-9]{16}$") ? id.replaceAll("_[a-z0-9]{16}$", "_zzzzzzzzzzzzzzzz")
                : id + "-unknown";
        assertThat(unknown).isNotEqualTo(id);
        return unknown;
    }

    private static Attack listShowsOnlyOwnTenant(String path) {
        return (attacker, victim) -> {
            Caller.Answer answer = attacker.owner().get(platform.queryUrl() + path);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).doesNotContain(victim.ids());
        };
    }

    /**
     * The attacker's access trail records its own attempts on the victim's ids (as resource ids it asked for), but
     * never a request of the victim's tenant or of the victim's principals.
     */
    private static void accessTrailShowsOnlyOwnTenant(Tenant attacker, Tenant victim) {
        Set<String> victimsPrincipals = Set.of(victim.ownerId(), victim.agentId(), victim.apiKeyId());
        for (String query : List.of("limit=100", "actorId=" + victim.ownerId(), "actorId=" + victim.apiKeyId())) {
            Caller.Answer trail = attacker.owner().get(platform.queryUrl() + "/api/v1/audit/access?" + query);
            assertThat(trail.status()).as(trail.body()).isEqualTo(200);
            try {
                JSON.readTree(trail.body()).path("items").forEach(item -> {
                    assertThat(item.path("tenantId").asText()).as(query).isEqualTo(attacker.tenantId());
                    assertThat(item.path("actorId").asText()).as(query).isNotIn(victimsPrincipals);
                });
            } catch (java.io.IOException e) {
                throw new AssertionError("the access trail is not JSON: " + trail.body(), e);
            }
        }
    }

    private static Attack foreignCommandRead(String pathFormat, java.util.function.Function<Tenant, String> victimsId) {
        return (attacker, victim) -> {
            String unknownId = unknownLike(victimsId.apply(victim));
            Caller.Answer foreign = attacker.owner().get(platform.commandUrl() + pathFormat.formatted(victimsId.apply(victim)));
            Caller.Answer unknown = attacker.owner().get(platform.commandUrl() + pathFormat.formatted(unknownId));
            assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
            assertThat(withoutInstance(foreign)).isEqualTo(withoutInstance(unknown).replace(unknownId,
                    victimsId.apply(victim)));
        };
    }

    /**
     * A read of the attacker's own history or state names none of the victim's ids. Phone numbers are left out: they
     * belong to no tenant, and the attacks above legitimately put the victim's do-not-call number on the attacker's
     * own list, so the attacker's history holds it.
     */
    private static void commandReadShowsOnlyOwnTenant(Tenant attacker, Tenant victim, String path) {
        Caller.Answer answer = attacker.owner().get(platform.commandUrl() + path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Set<String> victimIds = new TreeSet<>(victim.ids());
        victimIds.remove(victim.ownDncNumber());
        assertThat(answer.body()).contains(attacker.tenantId()).doesNotContain(victimIds);
        answer.body().lines().filter(line -> line.startsWith("{\"eventId\"")).forEach(line ->
                assertThat(line).contains("\"tenantId\":\"" + attacker.tenantId() + "\""));
    }

    /**
     * A tenant's history holds only its own events, even when it names the victim's aggregate or the lead id both
     * tenants use.
     */
    private static void historyShowsOnlyOwnTenant(Tenant attacker, Tenant victim) {
        commandReadShowsOnlyOwnTenant(attacker, victim, "/api/v1/audit/history?limit=5000");
        Caller.Answer named = attacker.owner().get(platform.commandUrl() + "/api/v1/audit/history?aggregateId="
                + victim.tenantId() + "." + SHARED_LEAD_ID);
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).isEmpty();
        commandReadShowsOnlyOwnTenant(attacker, victim, "/api/v1/audit/history?aggregateId=" + attacker.tenantId()
                + "." + SHARED_LEAD_ID);
    }

    /**
     * Invoice ids (inv-YYYY-MM) are the same in every tenant: whatever month the attacker names, it reads its own
     * tenant's invoice or a 404, never the victim's.
     */
    private static void invoiceIdsNameOnlyOwn(Tenant attacker, Tenant victim) {
        YearMonth month = YearMonth.now(ZoneId.of("America/Los_Angeles"));
        for (YearMonth named : List.of(month, month.minusMonths(1))) {
            Caller.Answer answer = attacker.owner().get(platform.queryUrl() + "/api/v1/billing/invoices/inv-" + named);
            assertThat(answer.status()).as(answer.body()).isIn(200, 404);
            assertThat(answer.body()).doesNotContain(victim.ids());
        }
    }

    private static void pipelineCountsOnlyOwnLeads(Tenant attacker, Tenant victim) {
        Caller.Answer answer = attacker.owner().get(platform.queryUrl() + "/api/v1/leads/pipeline");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(victim.tenantId());
    }

    /** Self-scoped writes (the caller's own lists, imports and leads with shared ids) never reach the victim. */
    private static void actsOnlyOnOwnLeadsAndLists(Tenant attacker, Tenant victim) {
        attacker.owner().post(platform.commandUrl() + "/api/v1/dnc", "{\"phone\":\"%s\"}".formatted(victim.ownDncNumber()));
        attacker.owner().call("DELETE", platform.commandUrl() + "/api/v1/dnc/" + victim.ownDncNumber(), null);
        attacker.owner().call("POST", platform.commandUrl() + "/api/v1/leads/imports",
                "name,phone,leadId\nShared Seller,%s,%s\n".formatted(SHARED_LEAD_PHONE, SHARED_LEAD_ID), "text/csv");
        attacker.owner().post(platform.commandUrl() + "/api/v1/leads/" + SHARED_LEAD_ID + "/status",
                "{\"status\":\"contacted\"}");
    }

    private static void createsOnlyInOwnTenant(Tenant attacker, Tenant victim) {
        attacker.owner().post(platform.commandUrl() + "/api/v1/leads",
                "{\"leadId\":\"%s\",\"contact\":{\"name\":\"Copy\",\"phones\":[\"+15551110000\"]},\"tenantId\":\"%s\"}"
                        .formatted(SHARED_LEAD_ID, victim.tenantId()));
        attacker.owner().post(platform.commandUrl() + "/api/v1/users",
                "{\"name\":\"Intruder\",\"email\":\"intruder@shared-domain.test\",\"role\":\"viewer\",\"password\":\"%s\",\"tenantId\":\"%s\"}"
                        .formatted(PASSWORD, victim.tenantId()));
        attacker.owner().post(platform.commandUrl() + "/api/v1/api-keys",
                "{\"name\":\"intruder\",\"scopes\":[\"leads.read\"],\"tenantId\":\"%s\"}".formatted(victim.tenantId()));
        attacker.owner().post(platform.commandUrl() + "/api/v1/agents",
                "{\"agentId\":\"%s\",\"name\":\"Copy\",\"purpose\":\"copy\",\"language\":\"en-US\",\"tenantId\":\"%s\"}"
                        .formatted(SHARED_AI_AGENT_ID, victim.tenantId()));
    }

    private static void actsOnlyOnSelf(Tenant attacker, Tenant victim) {
        attacker.owner().call("PUT", platform.commandUrl() + "/api/v1/users/me/password",
                "{\"currentPassword\":\"wrong password here\",\"newPassword\":\"another long password\"}");
        String secret = attacker.owner().post(platform.commandUrl() + "/api/v1/users/me/mfa", null).text("secret");
        if (secret != null) {
            SECRETS_SEEN.add(secret);
        }
        attacker.owner().post(platform.commandUrl() + "/api/v1/users/me/mfa/confirm", "{\"code\":\"000000\"}");
        attacker.owner().call("DELETE", platform.commandUrl() + "/api/v1/users/me/mfa", "{\"code\":\"000000\"}");
    }

    // ---- the suite ---------------------------------------------------------------------------------------------

    @Test
    void everyTenantEndpointIsAttacked() {
        Set<String> mapped = new TreeSet<>();
        mapped.addAll(tenantRoutes("command", platform.commandContext()));
        mapped.addAll(tenantRoutes("query", platform.queryContext()));
        assertThat(ATTACKS.keySet())
                .as("every tenant endpoint must join the isolation suite; add an attack for the new ones")
                .containsAll(mapped);
    }

    @Test
    void noTenantReachesTheOthersResourcesInEitherDirectionAndNothingOfTheVictimChanges() {
        for (Tenant[] pair : new Tenant[][]{{alpha, beta}, {beta, alpha}}) {
            Tenant attacker = pair[0];
            Tenant victim = pair[1];
            long victimEvents = eventsOf(victim.tenantId());
            String victimUsers = stableView(victim, "/api/v1/users?size=100");
            String victimKeys = stableView(victim, "/api/v1/api-keys");
            String victimLeads = stableView(victim, "/api/v1/leads?limit=100");
            String victimDnc = stableView(victim, "/api/v1/dnc");
            String victimAgents = stableView(victim, "/api/v1/agents?size=100");

            ATTACKS.forEach((endpoint, attack) -> {
                try {
                    attack.accept(attacker, victim);
                } catch (AssertionError failure) {
                    throw new AssertionError(endpoint + " (" + attacker.tenantId() + " → " + victim.tenantId() + "): "
                            + failure.getMessage(), failure);
                }
            });

            assertThat(eventsOf(victim.tenantId())).as("events of the victim").isEqualTo(victimEvents);
            assertThat(stableView(victim, "/api/v1/users?size=100")).isEqualTo(victimUsers);
            assertThat(stableView(victim, "/api/v1/api-keys")).isEqualTo(victimKeys);
            assertThat(stableView(victim, "/api/v1/leads?limit=100")).isEqualTo(victimLeads);
            assertThat(stableView(victim, "/api/v1/dnc")).isEqualTo(victimDnc);
            assertThat(stableView(victim, "/api/v1/agents?size=100")).isEqualTo(victimAgents);
        }
    }

    @Test
    void crossTenantAttemptsAreRecordedForOperators() {
        alpha.owner().get(platform.queryUrl() + "/api/v1/users/" + beta.agentId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Caller.Answer audit = Caller.operator().get(platform.queryUrl()
                    + "/api/v1/operator/security-audit?tenantId=" + beta.tenantId() + "&size=100");
            assertThat(audit.status()).as(audit.body()).isEqualTo(200);
            assertThat(audit.body()).contains(alpha.tenantId(), beta.agentId());
        });
    }

    @Test
    void anApiKeyActsOnlyForItsOwnTenantAndRevokedOrGuessedKeysAreRefused() {
        Caller.Answer users = Caller.apiKey(beta.apiKey()).get(platform.queryUrl() + "/api/v1/users?size=100");
        assertThat(users.status()).as(users.body()).isEqualTo(200);
        assertThat(users.body()).contains(beta.agentId()).doesNotContain(alpha.ownerId(), alpha.agentId());

        String guessed = "nlre_" + alpha.tenantId() + "_sk_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for (String key : List.of(beta.revokedApiKey(), guessed, "not-a-key")) {
            assertThat(Caller.apiKey(key).get(platform.queryUrl() + "/api/v1/users").status()).as(key).isEqualTo(401);
            assertThat(Caller.apiKey(key).post(platform.commandUrl() + "/api/v1/api-keys",
                    "{\"name\":\"x\",\"scopes\":[\"leads.read\"]}").status()).as(key).isEqualTo(401);
        }
    }

    @Test
    void forgedTamperedAndExpiredTokensAreRefusedByBothServices() throws Exception {
        List<String> forged = new ArrayList<>();
        forged.add(withTenantClaim(alpha.ownerToken(), beta.tenantId()));
        forged.add(unsigned(alpha.ownerToken()));
        forged.add(signedWithAnotherKey(alpha));
        forged.add(expired(alpha));
        for (String token : forged) {
            Caller.Answer read = Caller.bearer(token).get(platform.queryUrl() + "/api/v1/users");
            Caller.Answer write = Caller.bearer(token).post(platform.commandUrl() + "/api/v1/api-keys",
                    "{\"name\":\"x\",\"scopes\":[\"leads.read\"]}");
            assertThat(read.status()).as(read.body()).isEqualTo(401);
            assertThat(write.status()).as(write.body()).isEqualTo(401);
            assertThat(read.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void tenantCredentialsNeverOpenOperatorRoutesNorTheOtherWayRound() {
        assertThat(alpha.owner().get(platform.queryUrl() + "/api/v1/tenants/" + alpha.tenantId()).status()).isEqualTo(401);
        assertThat(alpha.owner().post(platform.commandUrl() + "/api/v1/tenants/" + beta.tenantId() + "/suspend",
                "{\"reason\":\"attack\"}").status()).isEqualTo(401);
        assertThat(alpha.owner().post(platform.commandUrl() + "/api/v1/tenants/" + beta.tenantId() + "/offboarding",
                "{\"reason\":\"attack\"}").status()).isEqualTo(401);
        assertThat(Caller.operator().get(platform.queryUrl() + "/api/v1/users").status()).isEqualTo(401);
    }

    /** Runs last: after everything above, no secret may be found anywhere it could leak. */
    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretAppearsInTheEventStoreKafkaReadModelsOrLogs() {
        JdbcTemplate jdbc = platform.commandContext().getBean(JdbcTemplate.class);
        List<String> secrets = new ArrayList<>(SECRETS_SEEN);
        secrets.add(PASSWORD);
        secrets.addAll(jdbc.queryForList("select password_hash from user_credentials where password_hash is not null",
                String.class));
        secrets.addAll(jdbc.queryForList("select key_hash from api_key_credentials", String.class));
        assertThat(secrets).hasSizeGreaterThan(6);

        List<String> places = new ArrayList<>();
        jdbc.query("select payload, metadata from domainevententry", row -> {
            places.add("event " + utf8(row.getBytes(1)) + " " + utf8(row.getBytes(2)));
        });
        places.addAll(kafkaRecords());
        MongoTemplate mongo = platform.queryContext().getBean(MongoTemplate.class);
        for (String collection : mongo.getCollectionNames()) {
            mongo.getCollection(collection).find().forEach(document -> places.add(collection + " " + document.toJson()));
        }
        LOGS.list.forEach(event -> places.add("log " + event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())));

        assertThat(places).hasSizeGreaterThan(50);
        for (String place : places) {
            for (String secret : secrets) {
                assertThat(place).as("a secret leaked").doesNotContain(secret);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Set<String> tenantRoutes(String service, ConfigurableApplicationContext context) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/v1/tenants")
                        || pattern.startsWith("/api/v1/operator/") || pattern.startsWith("/api/v1/auth/")) {
                    continue;
                }
                info.getMethodsCondition().getMethods()
                        .forEach(method -> routes.add(service + " " + method.name() + " " + pattern));
            }
        }
        return routes;
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> kafkaRecords() {
        List<String> values = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "secret-scan-" + java.util.UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    values.add("kafka " + record.key() + " " + record.value());
                }
            }
        }
        return values;
    }

    private static long eventsOf(String aggregateId) {
        JdbcTemplate jdbc = platform.commandContext().getBean(JdbcTemplate.class);
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "or aggregateidentifier like ?", Long.class, aggregateId, aggregateId + ".%");
    }

    /** The victim's own view of a collection, read until two reads agree (the read side may still be applying). */
    private static String stableView(Tenant victim, String path) {
        String[] last = {null};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String now = withoutVolatileFields(victim.owner().get(platform.queryUrl() + path).body());
            boolean stable = now.equals(last[0]);
            last[0] = now;
            return stable;
        });
        return last[0];
    }

    private static String withoutVolatileFields(String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        json.findParents("lastLoginAt").forEach(parent -> ((ObjectNode) parent).remove("lastLoginAt"));
        json.findParents("lastUsedAt").forEach(parent -> ((ObjectNode) parent).remove("lastUsedAt"));
        return json.toString();
    }

    private static String withoutInstance(Caller.Answer answer) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(answer.body());
            json.remove("instance");
            return answer.status() + " " + json;
        } catch (Exception e) {
            return answer.status() + " " + answer.body();
        }
    }

    private static String withTenantClaim(String token, String tenantId) throws Exception {
        String[] parts = token.split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("tenantId", tenantId);
        return parts[0] + "." + base64Url(claims.toString()) + "." + parts[2];
    }

    private static String unsigned(String token) throws Exception {
        String[] parts = token.split("\\.");
        return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }

    private static String signedWithAnotherKey(Tenant tenant) throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(headerKid(tenant.ownerToken())).generate();
        JwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(stranger)));
        return encoder.encode(JwtEncoderParameters.from(claimsLike(tenant.ownerToken(), Instant.now().plusSeconds(600))))
                .getTokenValue();
    }

    /** Signed with the platform's real key, but past its expiry. */
    private static String expired(Tenant tenant) throws Exception {
        String pem = Files.readString(platform.signingKeyFile());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        RSAKey platformKey = new RSAKey.Builder(publicKey).privateKey(privateKey)
                .keyID(headerKid(tenant.ownerToken())).build();
        JwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(platformKey)));
        return encoder.encode(JwtEncoderParameters.from(claimsLike(tenant.ownerToken(), Instant.now().minusSeconds(60))))
                .getTokenValue();
    }

    private static JwtClaimsSet claimsLike(String token, Instant expiresAt) throws Exception {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        List<String> permissions = new ArrayList<>();
        claims.get("permissions").forEach(permission -> permissions.add(permission.asText()));
        return JwtClaimsSet.builder()
                .issuer(claims.get("iss").asText())
                .audience(List.of("nlre-api"))
                .subject(claims.get("sub").asText())
                .issuedAt(expiresAt.minusSeconds(900))
                .expiresAt(expiresAt)
                .claim("userId", claims.get("userId").asText())
                .claim("tenantId", claims.get("tenantId").asText())
                .claim("role", claims.get("role").asText())
                .claim("permissions", permissions)
                .build();
    }

    private static String headerKid(String token) throws Exception {
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        return header.has("kid") ? header.get("kid").asText() : "unknown";
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
