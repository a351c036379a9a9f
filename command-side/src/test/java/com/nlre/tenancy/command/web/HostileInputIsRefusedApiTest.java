package com.nlre.tenancy.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.events.lead.LeadAdded;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests to the command side: each is answered 4xx problem+json naming the problem, stores no event, leaks
 * no stack trace or internal name, and the service goes on serving. Values that merely look like MongoDB operators
 * or formulas in free text are stored as the plain text they are.
 */
class HostileInputIsRefusedApiTest extends CommandSideIntegrationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String PHONE = "+15551230000";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private EventStore eventStore;

    private TenantOwner owner;
    private String token;
    private String leadWithConsent;
    private int eventsBefore;

    @BeforeEach
    void tenantWithALead() {
        owner = createTenantWithOwner(PASSWORD);
        token = login(owner);
        leadWithConsent = "lead-" + ThreadLocalRandom.current().nextInt(1_000_000);
        Response added = asUser(token, "POST", "/api/v1/leads",
                "{\"leadId\":\"" + leadWithConsent + "\",\"contact\":{\"name\":\"Mary Seller\",\"phones\":[\"" + PHONE
                        + "\"]}}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        eventsBefore = eventsOf(owner.tenantId());
    }

    @AfterEach
    void theServiceKeepsServing() {
        Response added = asUser(token, "POST", "/api/v1/leads",
                "{\"contact\":{\"name\":\"Still Serving\",\"phones\":[\"" + PHONE + "\"]}}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    /** name, route, body (bytes), status, problem type slug, the field at fault (null: none named) */
    static Stream<Arguments> hostileBodies() {
        String lead = "{\"contact\":{\"name\":\"Mary\",\"phones\":[\"" + PHONE + "\"]}";
        return Stream.of(
                arguments("truncated JSON", "/api/v1/leads", "{\"contact\":{\"name\":\"Mary\",\"phones\":[\"+1555",
                        400, "malformed-request", null),
                arguments("not JSON", "/api/v1/leads", "<lead><name>Mary</name></lead>", 400, "malformed-request", null),
                arguments("empty body", "/api/v1/leads", "", 400, "malformed-request", null),
                arguments("array for a text", "/api/v1/leads",
                        "{\"contact\":{\"name\":[\"Mary\"],\"phones\":[\"" + PHONE + "\"]}}", 400, "invalid-request",
                        "contact.name"),
                arguments("text for an array", "/api/v1/leads",
                        "{\"contact\":{\"name\":\"Mary\",\"phones\":\"" + PHONE + "\"}}", 400, "invalid-request",
                        "contact.phones"),
                arguments("unknown field (a tenant of one's choosing)", "/api/v1/leads",
                        lead + ",\"tenantId\":\"tenant_someoneelse\"}", 400, "invalid-request", "tenantId"),
                arguments("MongoDB operator object in a text field", "/api/v1/leads",
                        "{\"contact\":{\"name\":{\"$gt\":\"\"},\"phones\":[\"" + PHONE + "\"]}}", 400,
                        "invalid-request", "contact.name"),
                arguments("MongoDB $ne operator object in an id", "/api/v1/leads",
                        "{\"leadId\":{\"$ne\":null},\"contact\":{\"name\":\"Mary\",\"phones\":[\"" + PHONE + "\"]}}",
                        400, "invalid-request", "leadId"),
                arguments("$where as a tag", "/api/v1/leads", lead + ",\"tags\":[\"$where\"]}", 400,
                        "invalid-request", "tags"),
                arguments("path traversal in a lead id", "/api/v1/leads",
                        "{\"leadId\":\"../../etc/passwd\",\"contact\":{\"name\":\"Mary\",\"phones\":[\"" + PHONE
                                + "\"]}}", 400, "invalid-request", "leadId"),
                arguments("regular expression in a lead id", "/api/v1/leads",
                        "{\"leadId\":\".*|^a\",\"contact\":{\"name\":\"Mary\",\"phones\":[\"" + PHONE + "\"]}}", 400,
                        "invalid-request", "leadId"),
                arguments("huge array", "/api/v1/leads", lead + ",\"tags\":[" + java.util.stream.IntStream.range(0, 100_000)
                        .mapToObj(i -> "\"t" + i + "\"").collect(java.util.stream.Collectors.joining(",")) + "]}",
                        400, "invalid-request", "tags"),
                arguments("deeply nested JSON", "/api/v1/leads", "[".repeat(100_000) + "]".repeat(100_000), 400,
                        "malformed-request", null),
                arguments("deeply nested JSON in a known field", "/api/v1/leads",
                        "{\"contact\":" + "{\"contact\":".repeat(5_000) + "{}" + "}".repeat(5_001), 400,
                        "malformed-request", null),
                arguments("body beyond 1 MB", "/api/v1/leads",
                        "{\"contact\":{\"name\":\"" + "x".repeat(1_100_000) + "\",\"phones\":[\"" + PHONE + "\"]}}",
                        413, "content-too-large", null),
                arguments("negative call duration", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":-5,"
                                + "\"outcome\":\"connected\"}", 400, "invalid-request", "durationSeconds"),
                arguments("call duration beyond an int", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":3000000000,"
                                + "\"outcome\":\"connected\"}", 400, "invalid-request", "durationSeconds"),
                arguments("recording size beyond a long", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":5,"
                                + "\"outcome\":\"connected\",\"recorded\":true,"
                                + "\"recordingBytes\":99999999999999999999999}", 400, "invalid-request",
                        "recordingBytes"),
                arguments("number as text", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":\"ten\","
                                + "\"outcome\":\"connected\"}", 400, "invalid-request", "durationSeconds"),
                arguments("date beyond year 9999", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":5,"
                                + "\"outcome\":\"connected\",\"startedAt\":\"+1000000000-01-01T00:00:00Z\"}", 400,
                        "invalid-request", "startedAt"),
                arguments("date that does not exist", "/api/v1/leads/{lead}/calls",
                        "{\"direction\":\"outbound\",\"phone\":\"" + PHONE + "\",\"durationSeconds\":5,"
                                + "\"outcome\":\"connected\",\"startedAt\":\"2026-02-30T10:00:00Z\"}", 400,
                        "invalid-request", "startedAt"),
                arguments("consent given at an impossible date", "/api/v1/leads/{lead}/consents",
                        "{\"phone\":\"" + PHONE + "\",\"evidence\":{\"givenAt\":\"99999-01-01T00:00:00Z\","
                                + "\"method\":\"web_form\",\"consentTextVersion\":\"v3\","
                                + "\"source\":\"https://acme.example/consent\",\"sourceIp\":\"203.0.113.7\"}}", 400,
                        "invalid-request", "evidence.givenAt"),
                arguments("MongoDB operator object as a do-not-call number", "/api/v1/dnc",
                        "{\"phone\":{\"$gt\":\"\"},\"reason\":\"asked\"}", 400, "invalid-request", "phone"),
                arguments("regular expression as a do-not-call number", "/api/v1/dnc",
                        "{\"phone\":\".*\",\"reason\":\"asked\"}", 400, "invalid-request", "phone"));
    }

    private static Arguments arguments(String name, String route, String body, int status, String slug, String field) {
        return Arguments.of(name, route, body.getBytes(StandardCharsets.UTF_8), status, slug, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void aHostileBodyIsRefusedNamingTheProblemAndStoresNothing(String name, String route, byte[] body, int status,
                                                              String slug, String field) {
        Answer response = post(route.replace("{lead}", leadWithConsent), "application/json", body);

        assertRefused(response, status, slug);
        if (field != null) {
            assertThat(response.json().get("errors").findValuesAsText("field")).as(response.body()).contains(field);
        }
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void invalidUtf8IsRefusedAsMalformed() {
        byte[] start = "{\"contact\":{\"name\":\"Ma".getBytes(StandardCharsets.UTF_8);
        byte[] end = ("ry\",\"phones\":[\"" + PHONE + "\"]}}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(start);
        body.writeBytes(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        body.writeBytes(end);

        Answer response = post("/api/v1/leads", "application/json", body.toByteArray());

        assertRefused(response, 400, "malformed-request");
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void aChunkedBodyBeyondTheLimitIsRefusedWhileItIsRead() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/leads"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private long left = 3_000_000;

                    @Override
                    public int read() {
                        return left-- > 0 ? ' ' : -1;
                    }
                })).build();

        Answer response = send(request);

        assertRefused(response, 413, "content-too-large");
        assertThat(response.json().get("maxBytes").asLong()).isEqualTo(1024 * 1024);
    }

    @Test
    void textThatLooksLikeAMongoOperatorIsStoredAsPlainText() {
        String name = "{\"$gt\": \"\"} $where: function() { return true; }";
        Response added = asUser(token, "POST", "/api/v1/leads", "{\"contact\":{\"name\":"
                + quoted(name) + ",\"phones\":[\"" + PHONE + "\"]},\"source\":\"{\\\"$ne\\\":null}\"}");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        byte[] payload = jdbc.queryForObject("SELECT payload FROM domainevententry WHERE aggregateidentifier = ?",
                byte[].class, owner.tenantId() + "." + added.json().get("leadId").asText());
        JsonNode event = readTree(payload);
        assertThat(event.at("/source").asText()).isEqualTo("{\"$ne\":null}");
        assertThat(event.at("/contact/sealed").isTextual()).as("personal data is stored sealed").isTrue();
        LeadAdded opened = (LeadAdded) eventStore.readEvents(owner.tenantId() + "."
                + added.json().get("leadId").asText()).next().getPayload();
        assertThat(opened.contact().name()).as("opened, the name is the text as given").isEqualTo(name);
    }

    @Test
    void hostileIdsInThePathAreAnsweredLikeUnknownOnes() {
        for (String id : List.of("lead.*", "%24where", "..%2F..%2Fadmin", "%2e%2e", "a%00b", "lead%0d%0aX-Evil:%201",
                "%7B%22%24gt%22%3A%22%22%7D")) {
            Answer response = post("/api/v1/leads/" + id + "/tags", "application/json",
                    "{\"tag\":\"hot\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(response.status()).as(id + ": " + response.body()).isIn(400, 404);
            assertNoLeak(response);
            assertThat(response.headers().firstValue("X-Evil")).isEmpty();
        }
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void aCorrelationIdCarryingHeaderInjectionIsNeverEchoed() throws IOException {
        String answer = raw("GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Correlation-Id: abc%0d%0aSet-Cookie:%20evil=1\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).doesNotContainIgnoringCase("set-cookie").doesNotContain("abc%0d%0a");
    }

    @Test
    void aHeaderValueWithABareCarriageReturnIsRefusedWithoutLeaking() throws IOException {
        String answer = raw("POST /api/v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nIdempotency-Key: a\rSet-Cookie: evil=1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).doesNotContainIgnoringCase("set-cookie: evil").doesNotContain("com.nlre")
                .doesNotContain("Exception").doesNotContain("at org.");
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void anIdempotencyKeyWithControlCharactersIsRefused() {
        Answer response = Answer.of(request("POST", "/api/v1/leads",
                "{\"contact\":{\"name\":\"Mary\",\"phones\":[\"" + PHONE + "\"]}}",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
                        "Idempotency-Key", "key with spaces\t")));

        assertRefused(response, 400, "invalid-request");
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void aCsvImportOfFormulasStoresNoneOfThem() throws Exception {
        String csv = "name,phone,street\n\"=HYPERLINK(\"\"http://evil.example\"\")\",+15551230001,\n"
                + "Bob Owner,+15551230002,@SUM(A1:A9)\n";

        Answer accepted = post("/api/v1/leads/imports", "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode job = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            job = asUser(token, "GET", location, null).json();
            if ("completed".equals(job.get("status").asText())) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(job.get("created").asInt()).isZero();
        assertThat(job.get("errors").findValuesAsText("field")).containsExactly("name", "street");
        assertThat(job.toString()).contains("CELL_MUST_NOT_BE_A_FORMULA");
        assertThat(eventsOf(owner.tenantId())).isEqualTo(eventsBefore);
    }

    @Test
    void anNdjsonExportKeepsFormulaLookingTextInsideJsonStringsOnly() {
        String source = "=HYPERLINK(\"http://evil.example\",\"x\")";
        Response added = asUser(token, "POST", "/api/v1/leads", "{\"contact\":{\"name\":\"Maria Garcia\""
                + ",\"phones\":[\"" + PHONE + "\"]},\"source\":" + quoted(source) + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        Response history = asUser(token, "GET", "/api/v1/audit/history", null);

        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.contentType()).startsWith("application/x-ndjson");
        assertThat(history.body().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(history.body()).contains(quoted(source).substring(1, quoted(source).length() - 1));
    }

    private void assertRefused(Answer response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:" + slug);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertNoLeak(response);
    }

    private static void assertNoLeak(Answer response) {
        assertThat(response.body()).doesNotContain("com.nlre").doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContain("java.").doesNotContain("jackson");
    }

    private Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : objectMapper.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String contentType, String body, JsonNode json,
                          java.net.http.HttpHeaders headers) {

        static Answer of(Response response) {
            return new Answer(response.status(), response.contentType(), response.body(), response.json(),
                    response.headers());
        }
    }

    /** Sends bytes as they are (no client library to clean the headers) and answers the whole response. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private int eventsOf(String tenantId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM tenant_event_index WHERE tenant_id = ?", Integer.class,
                tenantId);
    }

    private JsonNode readTree(byte[] bytes) {
        try {
            return objectMapper.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String quoted(String text) {
        try {
            return objectMapper.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
