package com.nlre.tenancy.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Runs the command side on real infrastructure from {@link TestInfrastructure} (PostgreSQL from the environment, else
 * Testcontainers, else H2; Kafka likewise) and talks to it over HTTP. All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + CommandSideApplication.CONFIG_NAME)
public abstract class CommandSideIntegrationTest {

    protected static final String OPERATOR = "operator";
    protected static final String OPERATOR_PASSWORD = "test-operator-password";
    protected static final TestInfrastructure.JdbcTarget DATABASE = TestInfrastructure.relationalDatabase();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper objectMapper;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("nlre.operator.password", () -> OPERATOR_PASSWORD);
        registry.add("nlre.kafka.partitions", () -> "3");
    }

    protected record Response(int status, String contentType, String consistencyToken, String body, JsonNode json) {
    }

    protected Response send(String method, String path, String body) {
        return send(method, path, body, OPERATOR + ":" + OPERATOR_PASSWORD, "application/json");
    }

    protected Response send(String method, String path, String body, String credentials, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : objectMapper.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("X-Consistency-Token").orElse(null), response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String createTenantBody(String plan, String extraFields) {
        return """
                {"businessName":"Acme Real Estate Wholesalers","businessType":"wholesale",
                 "owner":{"name":"John Doe","email":"john@acmere.com","phone":"+15551234567"},
                 "plan":"%s"%s}""".formatted(plan, extraFields == null ? "" : "," + extraFields);
    }

    protected String createTenant() {
        Response created = send("POST", "/api/v1/tenants", createTenantBody("professional", null));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant not created: " + created.body());
        }
        return created.json().get("tenantId").asText();
    }
}
