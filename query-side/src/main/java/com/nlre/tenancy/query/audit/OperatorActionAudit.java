package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.SecurityConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;

/**
 * Records every request on an operator route ({@link SecurityConfiguration#OPERATOR_ROUTES}) as an
 * {@code operator_action} in the {@link SecurityAuditLog}: who (the authenticated operator, or {@code anonymous} when
 * authentication failed), method, route, status and time. Two parts: {@link #filter()} runs outside the security
 * filters, so it also sees requests they refuse, and writes the record once the response status is known;
 * {@link #interceptor()} runs inside, after authentication, and passes the operator's name out to it (and into the
 * log context as {@code actorId}).
 */
public class OperatorActionAudit {

    private static final String OPERATOR_ATTRIBUTE = OperatorActionAudit.class.getName() + ".operator";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final SecurityAuditLog audit;
    private final Clock clock;

    public OperatorActionAudit(SecurityAuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public static boolean isOperatorRoute(String path) {
        return Arrays.stream(SecurityConfiguration.OPERATOR_ROUTES).anyMatch(route -> PATHS.match(route, path));
    }

    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isOperatorRoute(request.getRequestURI().substring(request.getContextPath().length()));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                boolean failed = true;
                try {
                    chain.doFilter(request, response);
                    failed = false;
                } finally {
                    record(request, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus());
                }
            }
        };
    }

    public HandlerInterceptor interceptor() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.isAuthenticated()
                        && !(authentication instanceof AnonymousAuthenticationToken)) {
                    request.setAttribute(OPERATOR_ATTRIBUTE, authentication.getName());
                    MDC.put(MetadataKeys.ACTOR_ID, authentication.getName());
                }
                return true;
            }
        };
    }

    private void record(HttpServletRequest request, int status) {
        AuditedRequest audited = AuditedRequest.of(request);
        Object operator = request.getAttribute(OPERATOR_ATTRIBUTE);
        String tenant = MDC.get(MetadataKeys.TENANT_ID);
        audit.append(new SecurityAuditEntry(null, SecurityAuditKind.OPERATOR_ACTION,
                operator instanceof String name ? name : null, operator instanceof String ? "operator" : "anonymous",
                null, tenant != null && TenantId.isValid(tenant) ? tenant : null, audited.method(), audited.route(),
                audited.path(), status, null, null, audited.sourceAddress(), clock.instant(),
                audited.correlationId()));
    }
}
