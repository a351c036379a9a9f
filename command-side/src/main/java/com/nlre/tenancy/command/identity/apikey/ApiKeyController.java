package com.nlre.tenancy.command.identity.apikey;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.identity.IdentityCommands.IssueApiKey;
import com.nlre.tenancy.command.identity.IdentityCommands.RevokeApiKey;
import com.nlre.tenancy.command.identity.IdentityRules;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The caller's tenant's API keys. The key is shown once, in the answer that issues it. Listing is on the query side. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Tenant API keys (X-API-Key)")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class ApiKeyController {

    static final int DEFAULT_VALIDITY_DAYS = 90;
    static final int MAX_VALIDITY_DAYS = 365;

    private final CommandDispatcher dispatcher;
    private final Clock clock;

    public ApiKeyController(CommandDispatcher dispatcher, Clock clock) {
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * @param scopes        the permissions the key acts with; a subset of its creator's
     * @param expiresInDays 1 to 365, default 90
     */
    public record IssueRequest(String name, Set<Permission> scopes, Integer expiresInDays) {
    }

    /** @param apiKey the key itself, shown only in this answer */
    public record IssuedApiKey(String keyId, String apiKey, String displayPrefix, String lastFour,
                               Set<Permission> scopes, Instant expiresAt, String consistencyToken) {

        @Override
        public String toString() {
            return "IssuedApiKey[" + keyId + "]";
        }
    }

    @Operation(summary = "Issue an API key (users.manage)",
            description = "Answers 201 with the key, shown only here; it is stored as a hash. Its scopes must be "
                    + "permissions the caller holds. Keys expire after `expiresInDays` (1–365, default 90); keys "
                    + "older than 90 days are reported for rotation.")
    @PreAuthorize("hasAuthority('PERM_users.manage')")
    @IdempotentCreation(secretFields = "apiKey")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IssuedApiKey> issue(@RequestBody IssueRequest request) {
        TenantPrincipal caller = TenantContext.require();
        int days = request.expiresInDays() == null ? DEFAULT_VALIDITY_DAYS : request.expiresInDays();
        if (days < 1 || days > MAX_VALIDITY_DAYS) {
            throw new InvalidCommand(IdentityRules.API_KEY_EXPIRY_IN_RANGE, "expiresInDays",
                    "must be between 1 and " + MAX_VALIDITY_DAYS);
        }
        ApiKeys.IssuedKey key = ApiKeys.generate(caller.tenantId());
        ApiKeyId keyId = ApiKeyId.generate();
        Instant expiresAt = clock.instant().plus(Duration.ofDays(days));
        Set<Permission> scopes = request.scopes() == null ? null : Set.copyOf(request.scopes());
        ConsistencyToken token = dispatcher.dispatch(caller, new IssueApiKey(caller.tenantId(), keyId, request.name(),
                scopes, expiresAt, key.hash(), key.displayPrefix(), key.lastFour()));
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/api-keys/" + keyId.value()))
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyToken.HEADER, token.format())
                .body(new IssuedApiKey(keyId.value(), key.key(), key.displayPrefix(), key.lastFour(), scopes,
                        expiresAt, token.format()));
    }

    @Operation(summary = "Revoke an API key (users.manage)", description = "The key authenticates nothing from now on.")
    @PreAuthorize("hasAuthority('PERM_users.manage')")
    @DeleteMapping("/{keyId}")
    public ResponseEntity<CommandAccepted> revoke(@PathVariable String keyId) {
        TenantPrincipal caller = TenantContext.require();
        if (!ApiKeyId.isValid(keyId)) {
            throw ProblemException.notFound("resource", keyId);
        }
        ConsistencyToken token = dispatcher.dispatch(caller, new RevokeApiKey(caller.tenantId(), new ApiKeyId(keyId)));
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }
}
