package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answer to a tenant's request for an id its tenant does not have. It is always the same 404 as for an id that
 * exists nowhere ({@link ProblemException#notFound}); the probe for the id in other tenants runs either way, so both
 * cases cost the same. When the id does belong to another tenant, the attempt is appended to the
 * {@link SecurityAuditLog} (off the request thread) and counted in {@value #METRIC}.
 */
@Component
public class CrossTenantAttempts {

    public static final String METRIC = "nlre.security.cross_tenant_attempts";

    private static final Logger log = LoggerFactory.getLogger(CrossTenantAttempts.class);

    private final SecurityAuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public CrossTenantAttempts(SecurityAuditLog audit, MeterRegistry meters, Clock clock) {
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param resource   what was asked for
     * @param resourceId the id as the caller sent it
     * @param holder     which tenant has this id, through the audited cross-tenant path
     * @return the 404 to throw
     */
    public ProblemException notFound(TenantResource resource, String resourceId, Supplier<Optional<TenantId>> holder) {
        TenantPrincipal caller = TenantContext.require();
        Optional<TenantId> owner = holder.get();
        if (owner.isPresent() && !owner.get().equals(caller.tenantId())) {
            record(caller, owner.get(), resource, resourceId);
        }
        return ProblemException.notFound(resource.displayName(), resourceId);
    }

    private void record(TenantPrincipal caller, TenantId target, TenantResource resource, String resourceId) {
        Counter.builder(METRIC)
                .description("Requests for another tenant's resource, answered as not found")
                .tag("resource", resource.tag())
                .register(meters)
                .increment();
        log.warn("Cross-tenant attempt: {} {} of tenant {} asked for {} {} of another tenant",
                actorType(caller), caller.principalId(), caller.tenantId(), resource.tag(), resourceId);
        AuditedRequest request = AuditedRequest.current();
        audit.append(new SecurityAuditEntry(null, SecurityAuditKind.CROSS_TENANT_ATTEMPT, caller.principalId(),
                actorType(caller), caller.tenantId().value(), target.value(), request.method(), request.route(),
                request.path(), null, resource.tag(), resourceId, request.sourceAddress(), clock.instant(),
                request.correlationId()));
    }

    private static String actorType(TenantPrincipal caller) {
        return caller.type() == PrincipalType.API_KEY ? "api_key" : caller.type().name().toLowerCase(Locale.ROOT);
    }
}
