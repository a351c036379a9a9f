package com.nlre.tenancy.query.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.ApiKeyVerifier;
import com.nlre.tenancy.web.security.OperatorProperties;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies {@code X-API-Key} by asking the command side, which alone holds the keys' hashes:
 * {@code POST {nlre.command-side.url}/api/v1/operator/api-keys/introspect} with {@code {"apiKey": "…"}} and the
 * operator's HTTP Basic credential, answered {@code {"active": true, "tenantId", "keyId", "scopes": [...]}} or
 * {@code {"active": false}}.
 *
 * <ul>
 *   <li>A key that does not look like {@code nlre_<tenantId>_sk_<env>_<random>} is refused without a call.</li>
 *   <li>An active answer for another tenant than the one the key names is refused (and logged).</li>
 *   <li>Answers, both verdicts, are cached for {@code nlre.api-keys.cache-ttl} (30 s by default) under the key's
 *   SHA-256, never the key: a revoked key may work that long after its revocation.</li>
 *   <li>When the command side cannot answer (no connection, slower than {@code nlre.command-side.timeout}, an
 *   unexpected status or body) nothing is cached and {@link ApiKeyIntrospectionException} is thrown.</li>
 *   <li>The key never appears in a log line or an exception message.</li>
 * </ul>
 * Unknown scope names are dropped: a scope this service does not know grants nothing here.
 */
@Component
public class IntrospectingApiKeyVerifier implements ApiKeyVerifier {

    public static final String INTROSPECTION_PATH = "/api/v1/operator/api-keys/introspect";

    private static final Logger log = LoggerFactory.getLogger(IntrospectingApiKeyVerifier.class);
    private static final Pattern KEY_FORMAT =
            Pattern.compile("nlre_(tenant_[a-z0-9]{6,32})_sk_[a-z]{1,16}_[A-Za-z0-9_-]{16,128}");
    private static final int MAX_CACHED_KEYS = 100_000;

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final String authorization;
    private final ObjectMapper json;
    private final Cache<String, Optional<TenantPrincipal>> answers;

    @Autowired
    public IntrospectingApiKeyVerifier(CommandSideProperties commandSide, OperatorProperties operator,
                                       ObjectMapper json, @Value("${nlre.api-keys.cache-ttl:30s}") Duration cacheTtl) {
        this(commandSide, operator, json, cacheTtl, Ticker.systemTicker());
    }

    IntrospectingApiKeyVerifier(CommandSideProperties commandSide, OperatorProperties operator, ObjectMapper json,
                                Duration cacheTtl, Ticker ticker) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(commandSide.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.endpoint = commandSide.url().resolve(INTROSPECTION_PATH);
        this.timeout = commandSide.timeout();
        this.authorization = operator.basicAuthorization();
        this.json = json;
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(cacheTtl)
                .maximumSize(MAX_CACHED_KEYS)
                .ticker(ticker)
                .build();
    }

    @Override
    public Optional<TenantPrincipal> verify(String presentedKey) {
        Matcher format = KEY_FORMAT.matcher(presentedKey);
        if (!format.matches()) {
            return Optional.empty();
        }
        TenantId namedTenant = new TenantId(format.group(1));
        return answers.get(sha256(presentedKey), digest -> introspect(presentedKey, namedTenant));
    }

    private Optional<TenantPrincipal> introspect(String presentedKey, TenantId namedTenant) {
        HttpResponse<String> response = send(presentedKey);
        if (response.statusCode() != 200) {
            throw new ApiKeyIntrospectionException("API key introspection answered HTTP " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ApiKeyIntrospectionException("API key introspection answered something other than JSON");
        }
        if (answer == null || !answer.path("active").isBoolean()) {
            throw new ApiKeyIntrospectionException("API key introspection answered without 'active'");
        }
        if (!answer.path("active").booleanValue()) {
            return Optional.empty();
        }
        String tenantId = answer.path("tenantId").asText("");
        String keyId = answer.path("keyId").asText("");
        if (!TenantId.isValid(tenantId) || !ApiKeyId.isValid(keyId)) {
            throw new ApiKeyIntrospectionException("API key introspection answered an active key without valid ids");
        }
        if (!namedTenant.value().equals(tenantId)) {
            log.warn("API key {} is active for tenant {} but names tenant {}: refused", keyId, tenantId, namedTenant);
            return Optional.empty();
        }
        Set<Permission> scopes = EnumSet.noneOf(Permission.class);
        answer.path("scopes").forEach(scope -> Permission.parse(scope.asText()).ifPresent(scopes::add));
        log.debug("API key {} of tenant {} verified", keyId, tenantId);
        return Optional.of(new TenantPrincipal(new TenantId(tenantId), keyId, PrincipalType.API_KEY, null, scopes));
    }

    private HttpResponse<String> send(String presentedKey) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(timeout)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("apiKey", presentedKey))))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiKeyIntrospectionException("API key introspection at " + endpoint + " failed: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiKeyIntrospectionException("interrupted while introspecting an API key", e);
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
