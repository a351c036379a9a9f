package com.nlre.tenancy.web.security;

import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs after authentication on tenant routes: tags the request's logs with the caller's tenant and actor, and applies
 * the tenant's status. A suspended tenant may still read (its data, billing and exports) but change nothing. A canceled
 * tenant, during its retention period, may only read its subscription and use the GDPR export routes
 * ({@link #RETENTION_ROUTES}, GET and POST; a suspended tenant may POST there too); an offboarded tenant may do nothing.
 * Each refusal answers 403 with a problem type that says why ({@code tenant-suspended}, {@code tenant-canceled},
 * {@code tenant-offboarded}). A tenant this service does not
 * know yet (its read side may lag a fresh tenant by a moment) is answered 503 with {@code Retry-After}. An admitted
 * request carries the tenant's standing in request attribute {@link TenantStanding#REQUEST_ATTRIBUTE}.
 */
public class TenantContextFilter extends OncePerRequestFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Path prefixes a canceled tenant may still use (GET and POST) while its retention period runs. */
    public static final List<String> RETENTION_ROUTES = List.of("/api/v1/gdpr/exports", "/api/v1/gdpr/subjects");
    private static final Set<String> RETENTION_METHODS = Set.of("GET", "HEAD", "POST");
    private static final String SUBSCRIPTION = "/api/v1/subscription";

    private final TenantStatusLookup statuses;
    private final ProblemAuthenticationHandlers problems;

    public TenantContextFilter(TenantStatusLookup statuses, ProblemAuthenticationHandlers problems) {
        this.statuses = statuses;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TenantPrincipal> principal = TenantContext.current();
        if (principal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        TenantPrincipal caller = principal.get();
        MDC.put(MetadataKeys.TENANT_ID, caller.tenantId().value());
        MDC.put(MetadataKeys.ACTOR_ID, caller.principalId());
        Optional<TenantStanding> known = statuses.standingOf(caller.tenantId());
        if (known.isEmpty()) {
            problems.write(response, ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable",
                    "This service does not know the tenant yet (it may have just been created). Retry shortly."), "1");
            return;
        }
        TenantStatus status = known.get().status();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (status == TenantStatus.OFFBOARDED) {
            refuse(response, ProblemTypes.TENANT_OFFBOARDED, "Tenant offboarded",
                    "This tenant's retention period has ended and its data was deleted; its credentials give no access.");
            return;
        }
        if (status == TenantStatus.CANCELED && !openDuringRetention(request.getMethod(), path)) {
            refuse(response, ProblemTypes.TENANT_CANCELED, "Tenant canceled",
                    "This tenant's subscription has ended; until its retention period ends its credentials only "
                            + "export its data (/api/v1/gdpr/exports, /api/v1/gdpr/subjects) and read its subscription.");
            return;
        }
        if (status == TenantStatus.SUSPENDED && !READ_METHODS.contains(request.getMethod())
                && !openDuringRetention(request.getMethod(), path)) {
            refuse(response, ProblemTypes.TENANT_SUSPENDED, "Tenant suspended",
                    "This tenant is suspended: its data can be read and exported, but not changed.");
            return;
        }
        request.setAttribute(TenantStanding.REQUEST_ATTRIBUTE, known.get());
        chain.doFilter(request, response);
    }

    /** Whether a canceled tenant may still make this request while its retention period runs. */
    static boolean openDuringRetention(String method, String path) {
        if (path.equals(SUBSCRIPTION)) {
            return READ_METHODS.contains(method);
        }
        return RETENTION_METHODS.contains(method) && RETENTION_ROUTES.stream()
                .anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    private void refuse(HttpServletResponse response, String slug, String title, String detail) throws IOException {
        problems.write(response, ProblemTypes.problem(HttpStatus.FORBIDDEN, slug, title, detail), null);
    }
}
