package com.nlre.tenancy.web.security;

import com.nlre.tenancy.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates a request that carries {@value ApiKeyVerifier#HEADER}: the key's tenant and scopes become the
 * principal. A present but unknown, revoked or expired key is a 401, whatever else the request carries; an address
 * that presented too many refused keys is answered 429 for a while ({@link ApiKeyGuessLimiter}).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeyVerifier verifier;
    private final AuthenticationEntryPoint entryPoint;
    private final ProblemAuthenticationHandlers problems;

    private final ApiKeyGuessLimiter guesses;

    public ApiKeyAuthenticationFilter(ApiKeyVerifier verifier, AuthenticationEntryPoint entryPoint,
                                      ProblemAuthenticationHandlers problems, ApiKeyGuessLimiter guesses) {
        this.verifier = verifier;
        this.entryPoint = entryPoint;
        this.problems = problems;
        this.guesses = guesses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(ApiKeyVerifier.HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        String source = request.getRemoteAddr();
        java.util.OptionalLong wait = guesses.retryAfterSeconds(source);
        if (wait.isPresent()) {
            SecurityContextHolder.clearContext();
            problems.write(response, ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.TOO_MANY_REQUESTS,
                    "Too many requests", "Too many refused API keys from this address; retry after "
                            + wait.getAsLong() + " seconds."), Long.toString(wait.getAsLong()));
            return;
        }
        Optional<TenantPrincipal> principal;
        try {
            principal = presented.length() > 200 ? Optional.empty() : verifier.verify(presented);
        } catch (ApiKeyVerifier.VerificationUnavailable unavailable) {
            log.warn("API key verification unavailable: {}", unavailable.getMessage());
            problems.write(response, ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable",
                    "API keys cannot be checked right now. Retry shortly."), "1");
            return;
        }
        if (principal.isEmpty()) {
            guesses.refused(source);
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid API key"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TenantAuthentication(principal.get(), null));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
