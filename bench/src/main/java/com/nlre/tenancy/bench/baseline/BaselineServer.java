package com.nlre.tenancy.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bson.Document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.Executors;

/**
 * The plain CRUD service the platform is compared with: add a lead and list a tenant's leads, written straight to
 * MongoDB with the driver — a tenant filter on every query and a tenant-first index, no events, no Kafka, no
 * authentication (the tenant is the {@code X-Tenant-Id} header), no quotas, no audit trail. It serves over HTTP from a
 * pool of 64 threads, against the same embedded MongoDB as the platform (its own database {@code nlre_baseline}).
 *
 * <p>Usage: {@code BaselineServer <port> <mongodb-uri>}. {@code POST /baseline/leads} answers 201 {@code {leadId}};
 * {@code GET /baseline/leads?limit=N} answers the tenant's newest N leads.
 */
public final class BaselineServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> leads;

    private BaselineServer(MongoCollection<Document> leads) {
        this.leads = leads;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BaselineServer <port> <mongodb-uri>");
            System.exit(2);
        }
        MongoClient client = MongoClients.create(args[1]);
        MongoCollection<Document> leads = client.getDatabase("nlre_baseline").getCollection("leads");
        leads.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"), Indexes.ascending("leadId")),
                new IndexOptions().unique(true));
        leads.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"), Indexes.descending("createdAt")));
        BaselineServer baseline = new BaselineServer(leads);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/baseline/leads", baseline::handle);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
        System.out.println("baseline listening on " + args[0]);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String tenantId = exchange.getRequestHeaders().getFirst("X-Tenant-Id");
            if (tenantId == null || tenantId.isBlank()) {
                answer(exchange, 400, "{\"detail\":\"X-Tenant-Id is required\"}");
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> add(exchange, tenantId);
                case "GET" -> list(exchange, tenantId);
                default -> answer(exchange, 405, "{}");
            }
        } catch (RuntimeException e) {
            answer(exchange, 500, "{\"detail\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void add(HttpExchange exchange, String tenantId) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        }
        JsonNode contact = body.path("contact");
        if (contact.path("name").asText().isBlank() || !contact.path("phones").isArray()) {
            answer(exchange, 400, "{\"detail\":\"contact.name and contact.phones are required\"}");
            return;
        }
        String leadId = body.hasNonNull("leadId") ? body.get("leadId").asText()
                : "lead_" + HexFormat.of().formatHex(randomBytes());
        Document lead = new Document("_id", tenantId + "." + leadId).append("tenantId", tenantId)
                .append("leadId", leadId)
                .append("contact", Document.parse(JSON.writeValueAsString(contact)))
                .append("timezone", body.path("timezone").asText(null))
                .append("source", body.path("source").asText(null))
                .append("tags", JSON.convertValue(body.path("tags"), java.util.List.class))
                .append("status", "new")
                .append("createdAt", new Date());
        leads.insertOne(lead);
        answer(exchange, 201, "{\"leadId\":\"" + leadId + "\"}");
    }

    private void list(HttpExchange exchange, String tenantId) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int limit = 50;
        if (query != null && query.startsWith("limit=")) {
            limit = Math.min(100, Integer.parseInt(query.substring("limit=".length())));
        }
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("items");
        for (Document lead : leads.find(Filters.eq("tenantId", tenantId)).sort(Sorts.descending("createdAt"))
                .limit(limit)) {
            lead.remove("_id");
            items.add(JSON.readTree(lead.toJson()));
        }
        answer(exchange, 200, JSON.writeValueAsString(page));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
