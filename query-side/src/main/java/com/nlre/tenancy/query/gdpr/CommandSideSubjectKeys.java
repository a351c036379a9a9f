package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.apikey.CommandSideProperties;
import com.nlre.tenancy.web.security.OperatorProperties;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query side's keys for opening sealed personal data: fetched from the command side's
 * {@value #PATH} with the operator credential, a batch at a time, and cached (bounded). A forgotten subject is cached as
 * such (it never comes back); {@link #forgotten} and {@link #tenantShredded} evict as soon as the event saying so is
 * read. An unreachable command side raises {@link SubjectKeysUnavailable} instead of answering "erased".
 */
public class CommandSideSubjectKeys implements SubjectKeys {

    public static final String PATH = "/api/v1/operator/subject-keys";
    /** The most subjects one call asks for (the command side's limit). */
    static final int BATCH = 500;

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final String authorization;
    private final ObjectMapper json;
    private final Cache<DataSubject, Optional<SecretKey>> keys;

    public CommandSideSubjectKeys(CommandSideProperties commandSide, OperatorProperties operator, ObjectMapper json,
                                  long cacheSize) {
        this.http = HttpClient.newBuilder().connectTimeout(commandSide.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = commandSide.url().resolve(PATH);
        this.timeout = commandSide.timeout();
        this.authorization = operator.basicAuthorization();
        this.json = json;
        this.keys = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    @Override
    public SecretKey sealingKey(DataSubject subject) {
        throw new IllegalStateException("the query side never seals personal data");
    }

    @Override
    public Optional<SecretKey> openingKey(DataSubject subject) {
        Optional<SecretKey> cached = keys.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        return fetch(List.of(subject)).getOrDefault(subject, Optional.empty());
    }

    @Override
    public void prefetch(Collection<DataSubject> subjects) {
        Set<DataSubject> missing = new LinkedHashSet<>();
        for (DataSubject subject : subjects) {
            if (keys.getIfPresent(subject) == null) {
                missing.add(subject);
            }
        }
        List<DataSubject> batch = new ArrayList<>(BATCH);
        for (DataSubject subject : missing) {
            batch.add(subject);
            if (batch.size() == BATCH) {
                fetch(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            fetch(batch);
        }
    }

    @Override
    public void forgotten(DataSubject subject) {
        keys.put(subject, Optional.empty());
    }

    @Override
    public void tenantShredded(String tenantId) {
        keys.asMap().keySet().removeIf(subject -> subject.tenantId().equals(tenantId));
    }

    private Map<DataSubject, Optional<SecretKey>> fetch(List<DataSubject> subjects) {
        List<Map<String, String>> asked = subjects.stream().map(subject -> Map.of("tenantId", subject.tenantId(),
                "subjectType", subject.type().wireName(), "subjectId", subject.subjectId())).toList();
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("subjects", asked))))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SubjectKeysUnavailable("the command side's subject keys cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubjectKeysUnavailable("interrupted while fetching subject keys", e);
        }
        if (response.statusCode() != 200) {
            throw new SubjectKeysUnavailable("the command side answered " + response.statusCode()
                    + " for subject keys", null);
        }
        Map<DataSubject, Optional<SecretKey>> answers = new HashMap<>();
        try {
            for (JsonNode answer : json.readTree(response.body()).path("keys")) {
                Optional<SubjectType> type = SubjectType.fromWireName(answer.path("subjectType").asText());
                if (type.isEmpty() || !answer.hasNonNull("tenantId") || !answer.hasNonNull("subjectId")) {
                    continue;
                }
                DataSubject subject = new DataSubject(answer.get("tenantId").asText(), type.get(),
                        answer.get("subjectId").asText());
                Optional<SecretKey> key = "active".equals(answer.path("state").asText())
                        && answer.hasNonNull("key")
                        ? Optional.of(new SecretKeySpec(Base64.getDecoder().decode(answer.get("key").asText()), "AES"))
                        : Optional.empty();
                keys.put(subject, key);
                answers.put(subject, key);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SubjectKeysUnavailable("the command side's subject keys could not be read", e);
        }
        return answers;
    }
}
