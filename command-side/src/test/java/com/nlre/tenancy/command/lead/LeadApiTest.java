package com.nlre.tenancy.command.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LeadApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    /** 10:00 in New York, inside the default 09:00–20:00 calling window. */
    private static final Instant NEW_YORK_MORNING = Instant.parse("2026-11-24T15:00:00Z");

    @Autowired
    private EventStore eventStore;
    @Autowired
    private JdbcTemplate jdbc;

    private TenantOwner owner;
    private String token;
    private String phone;

    @BeforeEach
    void tenantWithOwner() {
        owner = createTenantWithOwner(PASSWORD);
        token = login(owner);
        phone = uniquePhone();
    }

    @Test
    void addsALeadAndAnswersItsIdLocationAndConsistencyToken() {
        Response added = asUser(token, "POST", "/api/v1/leads", """
                {"leadId":"crm-1",
                 "contact":{"name":"Mary Seller","phones":["(555) 123-4567"],"email":"Mary@Example.com",
                 "propertyAddress":{"street":"1 Main St","city":"Austin","state":"TX","postalCode":"78701"}},
                 "timezone":"America/Chicago","source":"driving_for_dollars","tags":["hot"]}""");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("leadId").asText()).isEqualTo("crm-1");
        assertThat(added.consistencyToken()).isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".crm-1:0");
        assertThat(added.json().get("consistencyToken").asText()).isEqualTo(added.consistencyToken());
        assertThat(added.headers().firstValue("Location")).hasValue("/api/v1/leads/crm-1");

        Response generated = asUser(token, "POST", "/api/v1/leads", leadBody(null, phone));
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().get("leadId").asText()).startsWith("lead_");
    }

    @Test
    void aLeadIdAlreadyUsedInTheTenantIsAConflictAndNothingIsStored() {
        assertThat(asUser(token, "POST", "/api/v1/leads", leadBody("crm-2", phone)).status()).isEqualTo(201);

        Response duplicate = asUser(token, "POST", "/api/v1/leads", leadBody("crm-2", uniquePhone()));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(duplicate.json().get("type").asText()).isEqualTo("urn:nlre:problem:conflict");
        assertThat(duplicate.json().get("leadId").asText()).isEqualTo("crm-2");
        assertThat(eventStore.lastSequenceNumberFor(owner.tenantId() + ".crm-2")).hasValue(0L);
    }

    @Test
    void twoTenantsMayUseTheSameLeadId() {
        TenantOwner other = createTenantWithOwner(PASSWORD);
        String otherToken = login(other);

        assertThat(asUser(token, "POST", "/api/v1/leads", leadBody("shared-id", phone)).status()).isEqualTo(201);
        assertThat(asUser(otherToken, "POST", "/api/v1/leads", leadBody("shared-id", phone)).status()).isEqualTo(201);
    }

    @Test
    void movesAlongThePipelineAndRefusesAMoveItDoesNotAllow() {
        addLead("crm-3", phone);

        Response skipped = asUser(token, "POST", "/api/v1/leads/crm-3/status", "{\"status\":\"under_contract\"}");
        assertThat(skipped.status()).isEqualTo(422);
        assertThat(skipped.json().get("rule").asText()).isEqualTo("STATUS_TRANSITION_ALLOWED");
        assertThat(asUser(token, "POST", "/api/v1/leads/crm-3/status", "{\"status\":\"contacted\"}").status())
                .isEqualTo(200);
        Response unknownStatus = asUser(token, "POST", "/api/v1/leads/crm-3/status", "{\"status\":\"won\"}");
        assertThat(unknownStatus.status()).isEqualTo(400);
        assertThat(unknownStatus.json().get("errors").get(0).get("field").asText()).isEqualTo("status");
    }

    @Test
    void updatesContactTagsAndDeletesSoftly() {
        addLead("crm-4", phone);

        assertThat(asUser(token, "PUT", "/api/v1/leads/crm-4/contact", """
                {"contact":{"name":"Mary Seller-Jones","phones":["%s"]},"timezone":"America/Denver"}"""
                .formatted(phone)).status()).isEqualTo(200);
        Response badNumber = asUser(token, "PUT", "/api/v1/leads/crm-4/contact",
                "{\"contact\":{\"name\":\"Mary\",\"phones\":[\"call me\"]}}");
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumber.json().get("errors").get(0).get("field").asText()).isEqualTo("contact.phones[0]");
        assertThat(asUser(token, "POST", "/api/v1/leads/crm-4/tags", "{\"tag\":\"probate\"}").status()).isEqualTo(200);
        assertThat(asUser(token, "DELETE", "/api/v1/leads/crm-4/tags/probate", null).status()).isEqualTo(200);
        assertThat(asUser(token, "DELETE", "/api/v1/leads/crm-4", null).status()).isEqualTo(200);

        Response afterDeletion = asUser(token, "POST", "/api/v1/leads/crm-4/tags", "{\"tag\":\"hot\"}");
        assertThat(afterDeletion.status()).isEqualTo(422);
        assertThat(afterDeletion.json().get("rule").asText()).isEqualTo("DELETED_LEAD_IS_FINAL");
    }

    @Test
    void assignsOnlyToActiveUsersOfTheCallersTenant() {
        addLead("crm-5", phone);
        String agent = addUser(token, "agent@acmere.com", "agent", null, PASSWORD);
        TenantOwner other = createTenantWithOwner(PASSWORD);

        assertThat(asUser(token, "PUT", "/api/v1/leads/crm-5/assignee", "{\"userId\":\"" + agent + "\"}").status())
                .isEqualTo(200);
        Response foreignUser = asUser(token, "PUT", "/api/v1/leads/crm-5/assignee",
                "{\"userId\":\"" + other.ownerUserId() + "\"}");
        assertThat(foreignUser.status()).isEqualTo(422);
        assertThat(foreignUser.json().get("rule").asText()).isEqualTo("ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER");
        asUser(token, "POST", "/api/v1/users/" + agent + "/deactivate", "{\"reason\":\"left\"}");
        assertThat(asUser(token, "PUT", "/api/v1/leads/crm-5/assignee", "{\"userId\":\"" + agent + "\"}")
                .json().get("rule").asText()).isEqualTo("ASSIGNEE_MUST_BE_ACTIVE_TENANT_USER");
        assertThat(asUser(token, "PUT", "/api/v1/leads/crm-5/assignee", "{\"userId\":null}").status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsLeadIsAnsweredExactlyLikeAnUnknownOne() {
        TenantOwner other = createTenantWithOwner(PASSWORD);
        String otherToken = login(other);
        assertThat(asUser(otherToken, "POST", "/api/v1/leads", leadBody("theirs", phone)).status()).isEqualTo(201);

        Response foreign = asUser(token, "POST", "/api/v1/leads/theirs/tags", "{\"tag\":\"stolen\"}");
        Response unknown = asUser(token, "POST", "/api/v1/leads/nothing/tags", "{\"tag\":\"stolen\"}");
        Response malformed = asUser(token, "POST", "/api/v1/leads/not%20an%20id/tags", "{\"tag\":\"stolen\"}");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asText())
                .isEqualTo(unknown.json().get("detail").asText().replace("nothing", "theirs"));
        assertThat(foreign.body()).doesNotContain(other.tenantId());
        assertThat(eventStore.lastSequenceNumberFor(other.tenantId() + ".theirs")).hasValue(0L);
    }

    @Test
    void logsACallToAConsentedNumber() {
        addLead("crm-6", phone);
        consent("crm-6", phone);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response call = call("crm-6", phone,
                "\"callId\":\"call-abc\",\"outcome\":\"voicemail\",\"notes\":\"left a message\"");

        assertThat(call.status()).as(call.body()).isEqualTo(201);
        assertThat(call.json().get("callId").asText()).isEqualTo("call-abc");
        assertThat(call.consistencyToken()).isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".crm-6:2");
        CallLogged logged = (CallLogged) lastEventOf("crm-6").getPayload();
        assertThat(logged.agentId()).isEqualTo(owner.ownerUserId());
        assertThat(logged.startedAt()).isEqualTo(NEW_YORK_MORNING);
    }

    @Test
    void aCallWithoutConsentIsBlockedWithItsRuleAndTheRefusalIsStoredAsEvidence() {
        addLead("crm-7", phone);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response blocked = call("crm-7", phone, "\"callId\":\"call-refused\"");

        assertThat(blocked.status()).isEqualTo(422);
        assertThat(blocked.contentType()).startsWith("application/problem+json");
        assertThat(blocked.json().get("type").asText()).isEqualTo("urn:nlre:problem:call-blocked");
        assertThat(blocked.json().get("rule").asText()).isEqualTo(TcpaRules.WRITTEN_CONSENT_REQUIRED);
        assertThat(blocked.json().get("callId").asText()).isEqualTo("call-refused");
        assertThat(blocked.json().get("detail").asText()).doesNotContain(phone);
        assertThat(blocked.consistencyToken()).isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".crm-7:1");
        DomainEventMessage<?> evidence = lastEventOf("crm-7");
        assertThat(evidence.getSequenceNumber()).isEqualTo(1L);
        assertThat(evidence.getPayload()).isInstanceOfSatisfying(CallBlocked.class, event -> {
            assertThat(event.rule()).isEqualTo(TcpaRules.WRITTEN_CONSENT_REQUIRED);
            assertThat(event.callId()).isEqualTo("call-refused");
            assertThat(event.attemptedAt()).isEqualTo(NEW_YORK_MORNING);
        });
    }

    @Test
    void aCallAt1959NewYorkTimeIsAllowedAndOneAt2001IsBlocked() {
        addLead("crm-8", phone);
        consent("crm-8", phone);

        CLOCK.freezeAt(Instant.parse("2026-11-25T00:59:00Z"));
        assertThat(call("crm-8", phone, "").status()).isEqualTo(201);
        CLOCK.freezeAt(Instant.parse("2026-11-25T01:01:00Z"));
        Response late = call("crm-8", phone, "");

        assertThat(late.status()).isEqualTo(422);
        assertThat(late.json().get("rule").asText()).isEqualTo(TcpaRules.OUTSIDE_CALLING_WINDOW);
        assertThat(late.json().get("detail").asText()).contains("20:01");
    }

    @Test
    void aCallStartingInTheFutureIsRefusedAsBadInput() {
        addLead("crm-9", phone);
        consent("crm-9", phone);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response future = call("crm-9", phone, "\"startedAt\":\"2026-11-24T16:00:00Z\"");

        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("errors").get(0).get("field").asText()).isEqualTo("startedAt");
    }

    @Test
    void aNumberOnTheTenantsDoNotCallListIsBlockedUntilItIsRemoved() {
        addLead("crm-10", phone);
        consent("crm-10", phone);
        assertThat(asUser(token, "POST", "/api/v1/dnc", "{\"phone\":\"" + local(phone) + "\",\"reason\":\"asked\"}")
                .status()).isEqualTo(200);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response blocked = call("crm-10", phone, "");
        assertThat(blocked.status()).isEqualTo(422);
        assertThat(blocked.json().get("rule").asText()).isEqualTo(TcpaRules.NUMBER_ON_TENANT_DNC_LIST);

        assertThat(asUser(token, "DELETE", "/api/v1/dnc/" + phone, null).status()).isEqualTo(200);
        assertThat(call("crm-10", phone, "").status()).isEqualTo(201);
    }

    @Test
    void aNumberOnThePlatformDoNotCallListIsBlocked() {
        addLead("crm-11", phone);
        consent("crm-11", phone);
        Response loaded = send("PUT", "/api/v1/operator/dnc", "phone\n" + local(phone) + "\n",
                OPERATOR + ":" + OPERATOR_PASSWORD, "text/plain");
        assertThat(loaded.json().get("loaded").asInt()).isEqualTo(1);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response blocked = call("crm-11", phone, "");

        assertThat(blocked.status()).isEqualTo(422);
        assertThat(blocked.json().get("rule").asText()).isEqualTo(TcpaRules.NUMBER_ON_PLATFORM_DNC_LIST);
    }

    @Test
    void recordingNeedsBothAPlanWithRecordingAndTheTenantsSwitch() {
        addLead("crm-12", phone);
        consent("crm-12", phone);
        String tenant = "/api/v1/tenants/" + owner.tenantId();
        CLOCK.freezeAt(NEW_YORK_MORNING);

        assertThat(call("crm-12", phone, "\"recorded\":true,\"recordingBytes\":480000").json().get("rule").asText())
                .isEqualTo(TcpaRules.RECORDING_NOT_ALLOWED);
        assertThat(send("PATCH", tenant + "/config", "{\"calling\":{\"enableRecording\":true}}").status())
                .isEqualTo(200);
        assertThat(call("crm-12", phone, "\"recorded\":true,\"recordingBytes\":480000").status()).isEqualTo(201);
        assertThat(send("PUT", tenant + "/plan", "{\"plan\":\"free\"}").status()).isEqualTo(200);
        assertThat(call("crm-12", phone, "\"recorded\":true,\"recordingBytes\":480000").json().get("rule").asText())
                .isEqualTo(TcpaRules.RECORDING_NOT_ALLOWED);
    }

    @Test
    void aTenantWithoutCallSettingsIsHeldToThePlatformDefaultsUntilItsNextChange() {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional",
                "\"ownerPassword\":\"" + PASSWORD + "\","
                        + "\"configuration\":{\"tcpa\":{\"requireWrittenConsent\":false}}"));
        String tenantId = created.json().get("tenantId").asText();
        token = login(tenantId, OWNER_EMAIL, PASSWORD);
        jdbc.update("delete from tenant_call_settings where tenant_id = ?", tenantId);
        addLead("crm-13", phone);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        assertThat(call("crm-13", phone, "").json().get("rule").asText())
                .as("the platform default requires written consent").isEqualTo(TcpaRules.WRITTEN_CONSENT_REQUIRED);
        assertThat(send("PATCH", "/api/v1/tenants/" + tenantId + "/config", "{\"calling\":{\"enableRecording\":true}}")
                .status()).isEqualTo(200);
        assertThat(call("crm-13", phone, "\"recorded\":true,\"recordingBytes\":480000").status())
                .as("settings rebuilt from the tenant's history: no consent needed, professional plan records")
                .isEqualTo(201);
    }

    @Test
    void aViewerCannotAddLeadsAndAnAgentLogsCallsAsThemself() {
        addLead("crm-14", phone);
        consent("crm-14", phone);
        String agentId = addUser(token, "agent@acmere.com", "agent", null, PASSWORD);
        addUser(token, "viewer@acmere.com", "viewer", null, PASSWORD);
        String agentToken = login(owner.tenantId(), "agent@acmere.com", PASSWORD);
        String viewerToken = login(owner.tenantId(), "viewer@acmere.com", PASSWORD);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        Response viewerAdds = asUser(viewerToken, "POST", "/api/v1/leads", leadBody("crm-15", phone));
        assertThat(viewerAdds.status()).isEqualTo(403);
        assertThat(viewerAdds.json().get("type").asText()).isEqualTo("urn:nlre:problem:forbidden");
        assertThat(asUser(viewerToken, "POST", "/api/v1/leads/crm-14/calls", callBody(phone, "")).status())
                .isEqualTo(403);

        Response agentCalls = asUser(agentToken, "POST", "/api/v1/leads/crm-14/calls", callBody(phone, ""));
        assertThat(agentCalls.status()).as(agentCalls.body()).isEqualTo(201);
        assertThat(((CallLogged) lastEventOf("crm-14").getPayload()).agentId()).isEqualTo(agentId);
        Response foreignAgent = asUser(agentToken, "POST", "/api/v1/leads/crm-14/calls",
                callBody(phone, "\"agentId\":\"user_zzzzzzzzzzzzzzzz\""));
        assertThat(foreignAgent.json().get("rule").asText()).isEqualTo("AGENT_MUST_BE_ACTIVE_TENANT_USER");
    }

    @Test
    void revokedConsentBlocksTheNextCall() {
        addLead("crm-16", phone);
        consent("crm-16", phone);
        assertThat(asUser(token, "DELETE", "/api/v1/leads/crm-16/consents/" + local(phone).replace(" ", "%20"), null)
                .status()).isEqualTo(200);
        CLOCK.freezeAt(NEW_YORK_MORNING);

        assertThat(call("crm-16", phone, "").json().get("rule").asText()).isEqualTo(TcpaRules.WRITTEN_CONSENT_REQUIRED);
        assertThat(asUser(token, "DELETE", "/api/v1/leads/crm-16/consents/" + phone, null).json().get("rule").asText())
                .isEqualTo("CONSENT_MUST_EXIST_TO_BE_REVOKED");
    }

    @Test
    void everyLeadCallDoNotCallAndImportRouteIsDocumented() {
        JsonNode paths = send("GET", "/v3/api-docs", null, null, null).json().get("paths");
        List<String> documented = new ArrayList<>();
        paths.fields().forEachRemaining(path -> {
            if (path.getKey().matches("/api/v1/(leads|dnc|operator/dnc).*")) {
                path.getValue().fields().forEachRemaining(operation -> {
                    assertThat(operation.getValue().path("summary").asText()).as(path.getKey()).isNotBlank();
                    documented.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                });
            }
        });
        assertThat(documented).containsExactlyInAnyOrder("POST /api/v1/leads", "PUT /api/v1/leads/{leadId}/contact",
                "POST /api/v1/leads/{leadId}/status", "PUT /api/v1/leads/{leadId}/assignee",
                "POST /api/v1/leads/{leadId}/tags", "DELETE /api/v1/leads/{leadId}/tags/{tag}",
                "DELETE /api/v1/leads/{leadId}", "POST /api/v1/leads/{leadId}/consents",
                "DELETE /api/v1/leads/{leadId}/consents/{phone}", "POST /api/v1/leads/{leadId}/calls",
                "POST /api/v1/leads/imports", "GET /api/v1/leads/imports/{jobId}", "POST /api/v1/dnc",
                "DELETE /api/v1/dnc/{phone}", "PUT /api/v1/operator/dnc", "GET /api/v1/operator/dnc/{phone}",
                "DELETE /api/v1/operator/dnc/{phone}");
    }

    private void addLead(String leadId, String number) {
        Response added = asUser(token, "POST", "/api/v1/leads", leadBody(leadId, number));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private void consent(String leadId, String number) {
        Response consent = asUser(token, "POST", "/api/v1/leads/" + leadId + "/consents", """
                {"phone":"%s","evidence":{"givenAt":"2026-11-01T10:00:00Z","method":"web_form",
                 "consentTextVersion":"v3","source":"https://acme.example/consent","sourceIp":"203.0.113.7"}}"""
                .formatted(number));
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
    }

    private Response call(String leadId, String number, String extraFields) {
        return asUser(token, "POST", "/api/v1/leads/" + leadId + "/calls", callBody(number, extraFields));
    }

    private static String callBody(String number, String extraFields) {
        String body = "\"direction\":\"outbound\",\"phone\":\"" + number + "\",\"durationSeconds\":60";
        if (!extraFields.contains("outcome")) {
            body += ",\"outcome\":\"connected\"";
        }
        return "{" + body + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    private static String leadBody(String leadId, String number) {
        return """
                {%s"contact":{"name":"Mary Seller","phones":["%s"]}}"""
                .formatted(leadId == null ? "" : "\"leadId\":\"" + leadId + "\",", number);
    }

    private DomainEventMessage<?> lastEventOf(String leadId) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(
                LeadKeys.aggregateId(new TenantId(owner.tenantId()), new LeadId(leadId))).asStream().toList();
        return events.get(events.size() - 1);
    }

    /** A US number no other test uses, in E.164. */
    static String uniquePhone() {
        return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    /** The same number as people write it locally, e.g. {@code (555) 123-4567}. */
    static String local(String e164) {
        String digits = e164.substring(2);
        return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
    }
}
