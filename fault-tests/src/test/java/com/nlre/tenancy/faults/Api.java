package com.nlre.tenancy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The run's HTTP (JDK client, HTTP/1.1, loopback): one synchronous call, never throwing for a missing answer. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * An answer; status 0 means none came (refused or reset connection, timeout): whatever the request did is then
     * unknown.
     */
    record Answer(int status, String body, HttpHeaders headers) {

        static Answer none(String why) {
            return new Answer(0, why, HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The problem type's last segment ({@code urn:nlre:problem:quota-exceeded} → {@code quota-exceeded}). */
        String problemType() {
            if (body == null || !body.startsWith("{")) {
                return "";
            }
            try {
                String type = JSON.readTree(body).path("type").asText("");
                return type.substring(type.lastIndexOf(':') + 1);
            } catch (IOException e) {
                return "";
            }
        }

        String rule() {
            if (body == null || !body.startsWith("{")) {
                return "";
            }
            try {
                return JSON.readTree(body).path("rule").asText("");
            } catch (IOException e) {
                return "";
            }
        }

        String brief() {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    Answer post(String url, String body, String... headers) {
        return send("POST", url, body, headers);
    }

    /** {@code headers} are name/value pairs; a null value leaves the header out. */
    Answer send(String method, String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            return Answer.none(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none("interrupted");
        }
    }

    /** The NDJSON lines of an answer, parsed. */
    static List<JsonNode> lines(Answer answer) {
        return answer.body().lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not an NDJSON line: " + line, e);
            }
        }).toList();
    }
}
