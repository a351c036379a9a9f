package com.nlre.tenancy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Calls the services with one credential: a tenant user's bearer token, an API key, the operator's Basic credential,
 * or none. Every answer is kept whole (status, headers that matter, raw body) so tests can compare answers exactly.
 */
record Caller(String authorizationHeader, String apiKey) {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Caller bearer(String token) {
        return new Caller("Bearer " + token, null);
    }

    static Caller apiKey(String key) {
        return new Caller(null, key);
    }

    static Caller operator() {
        return new Caller("Basic " + Base64.getEncoder().encodeToString(
                ("operator:" + Platform.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)), null);
    }

    static Caller anonymous() {
        return new Caller(null, null);
    }

    record Answer(int status, String contentType, String consistencyToken, String body) {

        JsonNode json() {
            try {
                return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        String text(String field) {
            JsonNode value = json().get(field);
            return value == null ? null : value.asText();
        }
    }

    Answer call(String method, String url, String body) {
        return call(method, url, body, "application/json");
    }

    Answer call(String method, String url, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("X-Consistency-Token").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String url) {
        return call("GET", url, null);
    }

    /** A ZIP downloaded with a successful GET: each file's name and text. */
    Map<String, String> zipFiles(String url) {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(download(url)))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                files.put(entry.getName(), new String(entries.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " did not answer a ZIP", e);
        }
        return files;
    }

    /** The body of a successful GET as bytes; fails on any other status. */
    byte[] download(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer post(String url, String body) {
        return call("POST", url, body);
    }
}
