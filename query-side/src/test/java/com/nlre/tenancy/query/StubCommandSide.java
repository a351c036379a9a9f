package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.apikey.IntrospectingApiKeyVerifier;
import com.nlre.tenancy.query.billing.CommandSideInvoices;
import com.nlre.tenancy.query.gdpr.CommandSideTenantHistory;
import com.nlre.tenancy.query.rebuild.CommandSideEventStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command side's API-key introspection endpoint, as a JDK HTTP server on a free local port: it answers the keys
 * registered with {@link #activeKey}, {@code {"active":false}} for any other, and 401 without the operator
 * credential. {@link #answerEveryRequestWith} overrides the answer, e.g. to simulate an outage. It also serves the
 * operator event stream ({@link CommandSideEventStream#PATH}) and each tenant's history
 * ({@code /api/v1/operator/tenants/{tenantId}/history?aggregateId=}) of every envelope {@link #record recorded}, in the
 * order of their positions (the event store's global index).
 */
public final class StubCommandSide implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String expectedAuthorization;
    private final Map<String, String> activeKeys = new ConcurrentHashMap<>();
    private final List<String> receivedBodies = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> issuedInvoices = new ConcurrentHashMap<>();
    private volatile CannedAnswer override;
    private final NavigableMap<Long, EventEnvelope> eventStore = new TreeMap<>();
    private final Set<String> storedEventIds = new HashSet<>();
    private volatile long eventPageDelayMillis;

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
        server.createContext(CommandSideEventStream.PATH, this::events);
        server.createContext(CommandSideTenantHistory.PATH_PREFIX, this::tenantHistory);
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

    /**
     * Stores an envelope as the command side had stored it before publishing it: once per event id (a redelivery is
     * not a new event), at its position, or after the last one when it has none.
     */
    public void record(EventEnvelope envelope) {
        synchronized (eventStore) {
            if (!storedEventIds.add(envelope.eventId())) {
                return;
            }
            long position = envelope.position() != null ? envelope.position()
                    : eventStore.isEmpty() ? 1 : eventStore.lastKey() + 1;
            eventStore.put(position, new EventEnvelope(envelope.eventId(), envelope.type(), envelope.revision(),
                    envelope.tenantId(), envelope.aggregateType(), envelope.aggregateId(),
                    envelope.aggregateSequence(), envelope.occurredAt(), envelope.metadata(), envelope.payload(),
                    position));
        }
    }

    /** Each page of the event stream is answered this much later (to watch a rebuild while it runs). */
    public void delayEventPages(long millis) {
        eventPageDelayMillis = millis;
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

    /** {@code GET ?after=&limit=[&tenantId=]}: NDJSON, ascending position, at most limit lines; empty at the end. */
    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())
                    || !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            long after = Long.parseLong(query.getOrDefault("after", "0"));
            int limit = Math.min(5000, Integer.parseInt(query.getOrDefault("limit", "1000")));
            String tenantId = query.get("tenantId");
            List<EventEnvelope> page = new ArrayList<>();
            synchronized (eventStore) {
                for (EventEnvelope envelope : eventStore.tailMap(after, false).values()) {
                    if (page.size() < limit
                            && (tenantId == null || tenantId.equals(envelope.tenantId()))) {
                        page.add(envelope);
                    }
                }
            }
            sleep(eventPageDelayMillis);
            StringBuilder body = new StringBuilder();
            page.forEach(envelope -> body.append(TestEvents.json(envelope)).append('\n'));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code GET /api/v1/operator/tenants/{tenantId}/history?after=&limit=[&aggregateId=]}: as {@link #events}. */
    private void tenantHistory(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.endsWith(CommandSideTenantHistory.PATH_SUFFIX)
                    || !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            String tenantId = path.substring(CommandSideTenantHistory.PATH_PREFIX.length(),
                    path.length() - CommandSideTenantHistory.PATH_SUFFIX.length());
            Map<String, String> query = query(exchange);
            String aggregateId = query.get("aggregateId") == null ? null
                    : URLDecoder.decode(query.get("aggregateId"), StandardCharsets.UTF_8);
            answerEvents(exchange, Long.parseLong(query.getOrDefault("after", "0")),
                    Math.min(5000, Integer.parseInt(query.getOrDefault("limit", "1000"))), tenantId, aggregateId);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return query;
    }

    private void answerEvents(HttpExchange exchange, long after, int limit, String tenantId, String aggregateId)
            throws IOException {
        List<EventEnvelope> page = new ArrayList<>();
        synchronized (eventStore) {
            for (EventEnvelope envelope : eventStore.tailMap(after, false).values()) {
                if (page.size() == limit) {
                    break;
                }
                if ((tenantId == null || tenantId.equals(envelope.tenantId()))
                        && (aggregateId == null || aggregateId.equals(envelope.aggregateId()))) {
                    page.add(envelope);
                }
            }
        }
        sleep(eventPageDelayMillis);
        StringBuilder body = new StringBuilder();
        page.forEach(envelope -> body.append(TestEvents.json(envelope)).append('\n'));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
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
