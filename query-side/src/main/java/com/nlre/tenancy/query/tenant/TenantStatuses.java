package com.nlre.tenancy.query.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.web.security.TenantStatusLookup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * The tenant status web-support's {@code TenantContextFilter} applies to every tenant request, read from the tenants
 * read model. A known status is cached for {@code nlre.tenant-status.cache-ttl} (5 s by default) after it was read,
 * so a suspension or cancellation takes effect on this service at most that long after it was projected. A tenant
 * not projected yet is not cached (it is refused as unknown until its creation arrives, then admitted at once).
 */
@Component
public class TenantStatuses implements TenantStatusLookup {

    private static final int MAX_TENANTS_CACHED = 100_000;

    private final TenantReadModel tenants;
    private final Cache<TenantId, TenantStatus> cache;

    public TenantStatuses(TenantReadModel tenants, @Value("${nlre.tenant-status.cache-ttl:5s}") Duration cacheTtl) {
        this.tenants = tenants;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(MAX_TENANTS_CACHED).build();
    }

    @Override
    public Optional<TenantStatus> statusOf(TenantId tenantId) {
        return Optional.ofNullable(cache.get(tenantId, id -> tenants.statusOf(id).orElse(null)));
    }
}
