package com.nlre.tenancy.web.ratelimit;

import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.ProblemAuthenticationHandlers;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import com.nlre.tenancy.web.security.TenantStanding;
import com.nlre.tenancy.web.security.TenantStatusLookup;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.lang.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Runs after the tenant context filter on tenant routes: every request of a tenant principal (user or API key) takes
 * a token from its tenant's bucket. An allowed request carries {@code RateLimit-Policy} and {@code RateLimit}; a
 * refused one is answered 429 {@code too-many-requests} with the same headers and {@code Retry-After}. Operators and
 * the public routes are not limited here. Should the bucket store fail, requests are let through (and the failure
 * logged): an outage of the limiter must not become an outage of the API.
 */
public class TenantRateLimitFilter extends OncePerRequestFilter {

    /** Counter of refused requests, tagged with the plan. */
    public static final String REFUSED_METRIC = "nlre.rate_limit.refused";

    private static final Logger log = LoggerFactory.getLogger(TenantRateLimitFilter.class);

    private final TenantRateLimiter limiter;
    private final TenantStatusLookup standings;
    private final ProblemAuthenticationHandlers problems;
    @Nullable
    private final MeterRegistry meters;

    public TenantRateLimitFilter(TenantRateLimiter limiter, TenantStatusLookup standings,
                                 ProblemAuthenticationHandlers problems, @Nullable MeterRegistry meters) {
        this.limiter = limiter;
        this.standings = standings;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TenantPrincipal> principal = TenantContext.current();
        Optional<TenantStanding> standing = principal.flatMap(caller -> standingOf(request, caller));
        if (standing.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        RateLimitDecision decision;
        try {
            decision = limiter.acquire(principal.get().tenantId(), standing.get().plan());
        } catch (RuntimeException e) {
            log.warn("Rate limit not applied: the bucket store failed: {}", e.toString());
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(RateLimitDecision.POLICY_HEADER, decision.policyHeader());
        response.setHeader(RateLimitDecision.STATE_HEADER, decision.stateHeader());
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        if (meters != null) {
            meters.counter(REFUSED_METRIC, "plan", decision.plan().wireName()).increment();
        }
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.TOO_MANY_REQUESTS,
                "Too many requests", "This tenant's plan (" + decision.plan().wireName() + ") allows "
                        + decision.rate().capacity() + " requests per " + decision.rate().windowSeconds()
                        + " s to this service; retry in " + decision.retryAfterSeconds() + " s.");
        problem.setProperty("plan", decision.plan().wireName());
        problem.setProperty("limit", decision.rate().capacity());
        problem.setProperty("windowSeconds", decision.rate().windowSeconds());
        problems.write(response, problem, Long.toString(decision.retryAfterSeconds()));
    }

    private Optional<TenantStanding> standingOf(HttpServletRequest request, TenantPrincipal caller) {
        if (request.getAttribute(TenantStanding.REQUEST_ATTRIBUTE) instanceof TenantStanding known) {
            return Optional.of(known);
        }
        return standings.standingOf(caller.tenantId());
    }
}
