package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.apikey.IntrospectingApiKeyVerifier;
import com.nlre.tenancy.query.billing.CommandSideInvoices;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command side's API-key introspection endpoint, as a JDK HTTP server on a free local port: it answers the keys
 * registered with {@link #activeKey}, {@code {"active":false}} for any other, and 401 without the operator
 * credential. {@link #answerEveryRequestWith} overrides the answer, e.g. to simulate an outage.
 */
public final class StubCommandSide implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String expectedAuthorization;
    private final Map<String, String> activeKeys = new ConcurrentHashMap<>();
    private final List<String> receivedBodies = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> issuedInvoices = new ConcurrentHashMap<>();
    private volatile CannedAnswer override;

    /** A fixed answer for every request, after a delay. */
    public record CannedAnswer(int status, String body, long delayMillis) {
    }

    public StubCommandSide(String operatorUsername, String operatorPassword) {
        expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (operatorUsername + ":" + operatorPassword).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(IntrospectingApiKeyVerifier.INTROSPECTION_PATH, this::handle);
        server.createContext(CommandSideInvoices.PATH, this::issueInvoice);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void activeKey(String apiKey, TenantId tenantId, ApiKeyId keyId, Collection<Permission> scopes) {
        activeKeys.put(apiKey, "{\"active\":true,\"tenantId\":\"" + tenantId + "\",\"keyId\":\"" + keyId
                + "\",\"scopes\":[" + String.join(",", scopes.stream().map(p -> "\"" + p.wireName() + "\"").toList())
                + "]}");
    }

    public void answerEveryRequestWith(CannedAnswer answer) {
        override = answer;
    }

    /** The request bodies received so far, in order. */
    public List<String> receivedBodies() {
        return List.copyOf(receivedBodies);
    }

    /** The invoices the billing run issued, by {@code <tenantId>/<invoiceId>}, as their request bodies. */
    public Map<String, JsonNode> issuedInvoices() {
        return Map.copyOf(issuedInvoices);
    }

    /** Answers as the command side does: 201 for a month's first invoice, 409 for any later attempt. */
    private void issueInvoice(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            JsonNode invoice = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String key = invoice.path("tenantId").asText() + "/" + invoice.path("invoiceId").asText();
            respond(exchange, issuedInvoices.putIfAbsent(key, invoice) == null ? 201 : 409, "{}");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            receivedBodies.add(body);
            CannedAnswer answer = override;
            if (answer != null) {
                sleep(answer.delayMillis());
                respond(exchange, answer.status(), answer.body());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            respond(exchange, 200, activeKeys.getOrDefault(request.path("apiKey").asText(), "{\"active\":false}"));
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
