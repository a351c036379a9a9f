package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.projection.EventDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant export's ZIP, assembled from a source of records without Spring or MongoDB. */
class TenantExportWriterTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final TenantId TENANT = TenantId.generate();
    private static final LeadId LEAD = new LeadId("crm-1");

    private final EventDecoder decoder = new EventDecoder(TestEvents.JSON, new SimpleMeterRegistry(), SubjectKeys.none());
    private final TenantExportWriter writer = new TenantExportWriter(TestEvents.JSON, decoder, 2,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void writesEveryFileInOrderWithAManifestWhoseCountsMatchItsLines() throws IOException {
        List<EventEnvelope> history = List.of(
                TestEvents.leadEnvelope(TestEvents.leadAdded(TENANT, LEAD,
                        TestEvents.contact("Jane Owner", "+15125550100", "1 Main St.", "Austin"), NOW), LEAD, 0),
                TestEvents.leadEnvelope(new LeadStatusChanged(TENANT, LEAD, LeadStatus.NEW, LeadStatus.CONTACTED, NOW),
                        LEAD, 1),
                TestEvents.envelope(new TenantPlanChanged(TENANT, Plan.STARTER, Plan.PROFESSIONAL,
                        TestEvents.created(TENANT, Plan.PROFESSIONAL, NOW).limits(), TestEvents.pricing(Plan.PROFESSIONAL),
                        NOW), 3, NOW));
        List<long[]> progress = new ArrayList<>();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        ExportManifest manifest = writer.write("exp_1", TENANT, source(history), zip,
                (events, position) -> progress.add(new long[]{events, position}));

        Map<String, String> files = unzip(zip.toByteArray());
        assertThat(files.keySet()).containsExactly(TenantExportWriter.TENANT, TenantExportWriter.USERS,
                TenantExportWriter.LEADS, TenantExportWriter.AGENTS, TenantExportWriter.USAGE,
                TenantExportWriter.INVOICES, TenantExportWriter.HISTORY, TenantExportWriter.ACCESS_AUDIT,
                TenantExportWriter.MANIFEST);
        assertThat(TestEvents.JSON.readTree(files.get(TenantExportWriter.TENANT)).path("businessName").asText())
                .isEqualTo("Acme");
        assertThat(lines(files.get(TenantExportWriter.USERS))).extracting(user -> user.path("userId").asText())
                .containsExactly("user_1", "user_2");
        assertThat(lines(files.get(TenantExportWriter.AGENTS))).isEmpty();
        long last = history.get(2).position();
        assertThat(manifest.positionReached()).isEqualTo(last);
        assertThat(manifest.counts()).containsExactly(Map.entry(TenantExportWriter.TENANT, 1L),
                Map.entry(TenantExportWriter.USERS, 2L), Map.entry(TenantExportWriter.LEADS, 1L),
                Map.entry(TenantExportWriter.AGENTS, 0L), Map.entry(TenantExportWriter.USAGE, 1L),
                Map.entry(TenantExportWriter.INVOICES, 0L), Map.entry(TenantExportWriter.HISTORY, 3L),
                Map.entry(TenantExportWriter.ACCESS_AUDIT, 1L));
        JsonNode written = TestEvents.JSON.readTree(files.get(TenantExportWriter.MANIFEST));
        assertThat(written.path("schemaVersion").asInt()).isEqualTo(ExportManifest.SCHEMA_VERSION);
        assertThat(written.path("tenantId").asText()).isEqualTo(TENANT.value());
        assertThat(written.path("positionReached").asLong()).isEqualTo(last);
        assertThat(written.path("counts").path(TenantExportWriter.HISTORY).asLong()).isEqualTo(3);
        assertThat(progress).extracting(step -> step[0]).containsExactly(2L, 3L);
        assertThat(progress.get(1)[1]).isEqualTo(last);
    }

    @Test
    void historyHoldsEachEventAsItsDecodedRecordAndNeverTheRawPayload() throws IOException {
        EventEnvelope added = TestEvents.leadEnvelope(TestEvents.leadAdded(TENANT, LEAD,
                TestEvents.contact("Jane Owner", "+15125550100", "1 Main St.", "Austin"), NOW), LEAD, 0);
        EventEnvelope unknown = new EventEnvelope("evt-unknown", "LeadTeleported", "1", TENANT.value(), "Lead",
                added.aggregateId(), 1, NOW, Map.of(), JsonNodeFactory.instance.objectNode().put("to", "Mars"),
                added.position() + 1);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        writer.write("exp_2", TENANT, source(List.of(added, unknown)), zip, (events, position) -> { });

        List<JsonNode> events = lines(unzip(zip.toByteArray()).get(TenantExportWriter.HISTORY));
        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.has("payload")).isFalse();
        assertThat(first.path("decoded").asBoolean()).isTrue();
        assertThat(first.path("type").asText()).isEqualTo("LeadAdded");
        assertThat(first.path("position").asLong()).isEqualTo(added.position());
        assertThat(first.path("aggregateId").asText()).isEqualTo(TENANT + "." + LEAD);
        assertThat(first.path("event").path("contact").path("name").asText()).isEqualTo("Jane Owner");
        assertThat(first.path("metadata").path("actorId").asText()).isEqualTo("operator");
        JsonNode second = events.get(1);
        assertThat(second.path("decoded").asBoolean()).isFalse();
        assertThat(second.path("event").isNull()).isTrue();
        assertThat(second.toString()).doesNotContain("Mars");
    }

    @Test
    void refusesToWriteAnotherTenantsEventIntoTheExport() {
        TenantId other = TenantId.generate();
        EventEnvelope foreign = TestEvents.leadEnvelope(TestEvents.leadAdded(other, LEAD,
                TestEvents.contact("Other Owner", "+15125550101", "2 Main St.", "Austin"), NOW), LEAD, 0);

        assertThatThrownBy(() -> writer.write("exp_3", TENANT, source(List.of(foreign)), new ByteArrayOutputStream(),
                (events, position) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another tenant's event");
    }

    @Test
    void aUsersHistoryIsTheTenantEventsThatNameIt() {
        UserId user = UserId.generate();
        UserId someoneElse = UserId.generate();

        assertThat(SubjectEvents.names(TestEvents.userAdded(TENANT, user, "Ann Agent", "ann@acme.test", Role.AGENT,
                NOW), user)).isTrue();
        assertThat(SubjectEvents.names(TestEvents.apiKeyIssued(TENANT, ApiKeyId.generate(), user,
                Set.of(Permission.LEADS_READ), NOW, NOW.plusSeconds(60)), user)).isTrue();
        assertThat(SubjectEvents.names(TestEvents.userAdded(TENANT, someoneElse, "Bob Agent", "bob@acme.test",
                Role.AGENT, NOW), user)).isFalse();
        assertThat(SubjectEvents.names(TestEvents.created(TENANT, Plan.STARTER, NOW), user)).isFalse();
    }

    /** Fixed records and the given history, served in pages as the command side serves them. */
    private static TenantExportSource source(List<EventEnvelope> history) {
        return new TenantExportSource() {
            @Override
            public Object tenant() {
                return Map.of("tenantId", TENANT.value(), "businessName", "Acme");
            }

            @Override
            public void users(Consumer<Object> each) {
                each.accept(Map.of("userId", "user_1"));
                each.accept(Map.of("userId", "user_2"));
            }

            @Override
            public void leads(Consumer<Object> each) {
                each.accept(Map.of("lead", Map.of("leadId", LEAD.value()), "consents", List.of(), "calls", List.of()));
            }

            @Override
            public void agents(Consumer<Object> each) {
            }

            @Override
            public void usageLedger(Consumer<Object> each) {
                each.accept(Map.of("transactionId", "tx-1", "meter", "calls", "quantity", 1));
            }

            @Override
            public void invoices(Consumer<Object> each) {
            }

            @Override
            public void accessAudit(Consumer<Object> each) {
                each.accept(Map.of("recordId", "rec-1", "route", "/api/v1/leads/{leadId}"));
            }

            @Override
            public List<String> historyPage(long after, int limit) {
                return history.stream().filter(envelope -> envelope.position() > after).limit(limit)
                        .map(TestEvents::json).toList();
            }
        };
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static List<JsonNode> lines(String ndjson) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                lines.add(TestEvents.JSON.readTree(line));
            }
        }
        return lines;
    }
}
