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
import java.util.Optional;
import java.util.Set;

/**
 * Runs after authentication on tenant routes: tags the request's logs with the caller's tenant and actor, and applies
 * the tenant's status. A suspended tenant may still read (its data, billing and exports) but change nothing; a
 * canceled tenant may do nothing. Both answer 403 with a problem type that says why. A tenant this service does not
 * know yet (its read side may lag a fresh tenant by a moment) is answered 503 with {@code Retry-After}. An admitted
 * request carries the tenant's standing in request attribute {@link TenantStanding#REQUEST_ATTRIBUTE}.
 */
public class TenantContextFilter extends OncePerRequestFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

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
        if (status == TenantStatus.CANCELED) {
            refuse(response, ProblemTypes.TENANT_CANCELED, "Tenant canceled",
                    "This tenant's subscription has ended; its credentials no longer give access.");
            return;
        }
        if (status == TenantStatus.SUSPENDED && !READ_METHODS.contains(request.getMethod())) {
            refuse(response, ProblemTypes.TENANT_SUSPENDED, "Tenant suspended",
                    "This tenant is suspended: its data can be read and exported, but not changed.");
            return;
        }
        request.setAttribute(TenantStanding.REQUEST_ATTRIBUTE, known.get());
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String slug, String title, String detail) throws IOException {
        problems.write(response, ProblemTypes.problem(HttpStatus.FORBIDDEN, slug, title, detail), null);
    }
}
