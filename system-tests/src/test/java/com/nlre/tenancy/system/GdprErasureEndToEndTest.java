package com.nlre.tenancy.system;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GDPR erasure end to end: a lead's name, number and email are never in clear in the event store or on Kafka, are
 * readable on the query side while the lead is remembered, and once it is forgotten can be found in clear nowhere
 * (event store rows, Kafka records, every MongoDB collection, replay, history, logs) while reads show "[erased]". The
 * same lead id in another tenant stays readable.
 */
class GdprErasureEndToEndTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String LEAD = "crm-gdpr-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    private static Platform platform;

    private record Subject(String name, String phone, String email) {

        static Subject distinctive() {
            String unique = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
            return new Subject("Quillon Vexworth " + unique, "+1555" + ThreadLocalRandom.current()
                    .nextInt(1_000_000, 9_999_999), "qv." + unique + "@erasure.test");
        }

        List<String> clearValues() {
            return List.of(name, phone.substring(2), email, "Vexworth");
        }
    }

    @BeforeAll
    static void startPlatform() {
        LOGS.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(LOGS);
        platform = new Platform().start();
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void aForgottenLeadsPersonalDataIsFoundInClearNowhereAndTheSameLeadIdInAnotherTenantStaysReadable() {
        Subject forgotten = Subject.distinctive();
        Subject kept = new Subject("Ottoline Brackwater", "+15553217654", "ob@kept.test");
        String alphaTenant = createTenant("Erasure Alpha");
        String betaTenant = createTenant("Erasure Beta");
        Caller alpha = owner(alphaTenant);
        Caller beta = owner(betaTenant);
        addLeadWithConsentAndCall(alpha, forgotten);
        addLeadWithConsentAndCall(beta, kept);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(alpha.get(platform.queryUrl() + "/api/v1/leads/" + LEAD).body())
                    .contains(forgotten.name(), forgotten.email());
            assertThat(beta.get(platform.queryUrl() + "/api/v1/leads/" + LEAD).body())
                    .contains(kept.name(), kept.email());
        });
        assertThat(eventStorePayloads()).noneSatisfy(payload -> assertThat(payload)
                .containsAnyOf(forgotten.clearValues().toArray(String[]::new)));

        String exportBefore = completedTenantExport(alpha);
        assertThat(zipText(alpha, exportBefore)).as("the export holds the lead while it is remembered")
                .contains(forgotten.name(), forgotten.email());

        Caller.Answer erased = alpha.post(platform.commandUrl() + "/api/v1/gdpr/erasures",
                "{\"subjectType\":\"lead\",\"subjectId\":\"" + LEAD + "\",\"reason\":\"data subject request\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode lead = JSON.readTree(alpha.get(platform.queryUrl() + "/api/v1/leads/" + LEAD).body());
            assertThat(lead.get("name").asText()).isEqualTo("[erased]");
            assertThat(alpha.get(platform.queryUrl() + "/api/v1/leads/" + LEAD + "/calls").body())
                    .doesNotContain(forgotten.phone()).contains("[erased]");
        });
        String[] clear = forgotten.clearValues().toArray(String[]::new);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(alpha.get(platform.queryUrl()
                + "/api/v1/gdpr/exports/" + exportBefore).status()).as("the export made before the erasure is gone")
                .isEqualTo(404));
        assertThat(zipText(alpha, completedTenantExport(alpha))).doesNotContain(clear).contains("[erased]");
        String subjectExport = alpha.get(platform.queryUrl() + "/api/v1/gdpr/subjects/lead/" + LEAD + "/export").body();
        assertThat(subjectExport).doesNotContain(clear).contains("[erased]", "DataSubjectForgotten");
        assertThat(eventStorePayloads()).noneSatisfy(payload -> assertThat(payload).containsAnyOf(clear));
        assertThat(kafkaRecordsOf(alphaTenant)).isNotEmpty()
                .noneSatisfy(record -> assertThat(record).containsAnyOf(clear));
        assertThat(mongoDocuments()).isNotEmpty().noneSatisfy(document -> assertThat(document).containsAnyOf(clear));
        String state = alpha.get(platform.commandUrl() + "/api/v1/audit/state?at=" + Instant.now()).body();
        assertThat(state).doesNotContain(clear).contains("[erased]");
        String history = alpha.get(platform.commandUrl() + "/api/v1/audit/history").body();
        assertThat(history).doesNotContain(clear).contains("DataSubjectForgotten");
        assertThat(LOGS.list).noneSatisfy(event -> assertThat(event.getFormattedMessage() + " "
                + event.getMDCPropertyMap()).containsAnyOf(clear));

        assertThat(beta.get(platform.queryUrl() + "/api/v1/leads/" + LEAD).body()).contains(kept.name(), kept.email());
        assertThat(beta.get(platform.commandUrl() + "/api/v1/audit/state?at=" + Instant.now()).body())
                .contains(kept.phone()).doesNotContain("[erased]");
    }

    /** Starts a tenant export and answers its id once it completed. */
    private static String completedTenantExport(Caller owner) {
        Caller.Answer started = owner.post(platform.queryUrl() + "/api/v1/gdpr/exports", null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String exportId = started.text("exportId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                owner.get(platform.queryUrl() + "/api/v1/gdpr/exports/" + exportId).text("state")));
        return exportId;
    }

    /** Every file of the export's ZIP, as one text. */
    private static String zipText(Caller owner, String exportId) {
        return String.join("\n", owner.zipFiles(platform.queryUrl() + "/api/v1/gdpr/exports/" + exportId
                + "/download").values());
    }

    private static String createTenant(String businessName) {
        Caller.Answer created = Caller.operator().post(platform.commandUrl() + "/api/v1/tenants", """
                {"businessName":"%s","businessType":"wholesale","plan":"professional","ownerPassword":"%s",
                 "owner":{"name":"Owner","email":"owner@erasure.test","phone":"+15551230000"}}"""
                .formatted(businessName, PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("tenantId");
    }

    private static Caller owner(String tenantId) {
        Caller.Answer answer = Caller.anonymous().post(platform.commandUrl() + "/api/v1/auth/token",
                "{\"tenantId\":\"%s\",\"email\":\"owner@erasure.test\",\"password\":\"%s\"}"
                        .formatted(tenantId, PASSWORD));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Caller.bearer(answer.text("accessToken"));
    }

    private static void addLeadWithConsentAndCall(Caller owner, Subject subject) {
        Caller.Answer lead = owner.post(platform.commandUrl() + "/api/v1/leads", """
                {"leadId":"%s","contact":{"name":"%s","phones":["%s"],"email":"%s"}}"""
                .formatted(LEAD, subject.name(), subject.phone(), subject.email()));
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        Caller.Answer consent = owner.post(platform.commandUrl() + "/api/v1/leads/" + LEAD + "/consents", """
                {"phone":"%s","evidence":{"givenAt":"2026-01-01T12:00:00Z","method":"web_form",
                 "consentTextVersion":"v1","sourceIp":"198.51.100.23"}}""".formatted(subject.phone()));
        assertThat(consent.status()).as(consent.body()).isBetween(200, 201);
        Caller.Answer call = owner.post(platform.commandUrl() + "/api/v1/leads/" + LEAD + "/calls", """
                {"direction":"outbound","phone":"%s","durationSeconds":60,"outcome":"connected",
                 "notes":"talked with %s"}""".formatted(subject.phone(), subject.name()));
        assertThat(call.status()).as(call.body()).isIn(201, 422);
    }

    private static List<String> eventStorePayloads() {
        JdbcTemplate jdbc = platform.commandContext().getBean(JdbcTemplate.class);
        return jdbc.query("select payload, metadata from domainevententry", (row, index) ->
                new String(row.getBytes(1), StandardCharsets.UTF_8) + " "
                        + new String(row.getBytes(2), StandardCharsets.UTF_8));
    }

    private static List<String> kafkaRecordsOf(String tenantId) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "erasure-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (tenantId.equals(record.key())) {
                        values.add(record.value());
                    }
                }
                return values.stream().anyMatch(value -> value.contains("DataSubjectForgotten"));
            });
        }
        return values;
    }

    private static List<String> mongoDocuments() {
        MongoTemplate mongo = platform.queryContext().getBean(MongoTemplate.class);
        List<String> documents = new ArrayList<>();
        for (String collection : mongo.getCollectionNames()) {
            for (Document document : mongo.getCollection(collection).find()) {
                documents.add(collection + " " + document.toJson());
            }
        }
        return documents;
    }
}
