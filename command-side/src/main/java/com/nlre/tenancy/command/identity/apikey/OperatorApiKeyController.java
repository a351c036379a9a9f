package com.nlre.tenancy.command.identity.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Platform-wide API key views for operators and services (HTTP Basic operator credential): they span tenants. */
@RestController
@RequestMapping("/api/v1/operator/api-keys")
@Tag(name = "API keys (operators)", description = "Cross-tenant API key checks for platform operators and services")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class OperatorApiKeyController {

    /** Keys older than this are due for rotation (seed: 90-day rotation policy). */
    static final Duration ROTATION_POLICY = Duration.ofDays(90);

    private final ApiKeyCheck keys;
    private final JdbcCredentialStore credentials;
    private final Clock clock;

    public OperatorApiKeyController(ApiKeyCheck keys, JdbcCredentialStore credentials, Clock clock) {
        this.keys = keys;
        this.credentials = credentials;
        this.clock = clock;
    }

    public record IntrospectionRequest(String apiKey) {

        @Override
        public String toString() {
            return "IntrospectionRequest[redacted]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Introspection(boolean active, String tenantId, String keyId, Set<Permission> scopes) {
    }

    public record RotationDue(String keyId, String tenantId, Instant createdAt, Instant expiresAt) {
    }

    public record RotationReport(long rotationPolicyDays, List<RotationDue> keys) {
    }

    @Operation(summary = "Check an API key (RFC 7662 style)",
            description = "For services that accept tenant API keys (the query side caches answers for 30 s). "
                    + "Answers `{active:false}` alone for an unknown, malformed, revoked or expired key.")
    @PostMapping(path = "/introspect", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Introspection> introspect(@RequestBody IntrospectionRequest request) {
        Introspection answer = keys.check(request.apiKey())
                .map(key -> new Introspection(true, key.tenantId().value(), key.keyId().value(), key.scopes()))
                .orElseGet(() -> new Introspection(false, null, null, null));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
    }

    @Operation(summary = "API keys due for rotation",
            description = "Keys older than 90 days that are neither revoked nor expired, oldest first.")
    @GetMapping("/rotation-due")
    public RotationReport rotationDue() {
        Instant now = clock.instant();
        List<RotationDue> due = credentials.usableKeysIssuedBefore(now.minus(ROTATION_POLICY), now).stream()
                .map(key -> new RotationDue(key.keyId().value(), key.tenantId().value(), key.createdAt(),
                        key.expiresAt()))
                .toList();
        return new RotationReport(ROTATION_POLICY.toDays(), due);
    }
}
