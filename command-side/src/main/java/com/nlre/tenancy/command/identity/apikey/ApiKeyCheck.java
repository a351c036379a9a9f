package com.nlre.tenancy.command.identity.apikey;

import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore.ApiKeyCredential;
import com.nlre.tenancy.command.usage.Feature;
import com.nlre.tenancy.command.usage.PlanFeatureCatalog;
import com.nlre.tenancy.command.usage.Quotas;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.ApiKeyVerifier;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a presented API key: well-formed, known by its hash (compared in constant time), of the tenant it names, not
 * revoked, not expired, and its tenant's plan still includes API access (a downgrade disables existing keys
 * without deleting them). Records its use at most once a minute. The answer never says why a key was refused.
 * Serves {@code X-API-Key} on this service and the operator introspection the query side calls.
 */
@Component
public class ApiKeyCheck implements ApiKeyVerifier {

    private static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    private final JdbcCredentialStore credentials;
    private final Quotas plans;
    private final PlanFeatureCatalog features;
    private final Clock clock;

    public ApiKeyCheck(JdbcCredentialStore credentials, Quotas plans, PlanFeatureCatalog features, Clock clock) {
        this.credentials = credentials;
        this.plans = plans;
        this.features = features;
        this.clock = clock;
    }

    @Override
    public Optional<TenantPrincipal> verify(String presentedKey) {
        return check(presentedKey).map(key -> new TenantPrincipal(key.tenantId(), key.keyId().value(),
                PrincipalType.API_KEY, null, key.scopes()));
    }

    public Optional<ApiKeyCredential> check(String presentedKey) {
        Optional<TenantId> named = ApiKeys.tenantOf(presentedKey);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        String hash = ApiKeys.sha256(presentedKey);
        Instant now = clock.instant();
        Optional<ApiKeyCredential> found = credentials.findApiKeyByHash(hash)
                .filter(key -> MessageDigest.isEqual(key.keyHash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
                .filter(key -> key.tenantId().equals(named.get()))
                .filter(key -> key.usableAt(now))
                .filter(key -> features.includes(plans.planOf(key.tenantId()), Feature.API_ACCESS));
        found.ifPresent(key -> {
            Instant notSince = now.minus(USE_RECORDING_INTERVAL);
            if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(notSince)) {
                credentials.apiKeyUsed(key.keyId(), now, notSince);
            }
        });
        return found;
    }
}
