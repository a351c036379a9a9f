package com.nlre.tenancy.web.audit;

import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.SecurityConfiguration;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.lang.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Records every authenticated API request in the access audit trail: one {@link AccessRecord} per request, built
 * once the response status is known and handed to the {@link AccessAuditRecorder} (a queue offer: nothing remote, no
 * I/O on the request thread). It sits in both security filter chains right after authentication, so it sees the
 * principal, and outside the tenant-status, rate-limit and authorisation steps, so it also records their refusals
 * (403 suspended or missing permission, 429, 404 for another tenant's id). Requests that fail authentication are not
 * recorded here (they have no actor; the query side's security audit keeps operator ones).
 *
 * <p>Recorded: time, tenant, actor and its type, method, the route <em>pattern</em>, the path variables
 * (pseudonymised where personal, see {@link ResourceIdPseudonyms}), status and outcome, correlation id, service.
 * Never the path, the query string, a header or a body. An operator request's tenant is the one its path names, else
 * a valid {@code tenantId} query parameter, else none.
 *
 * <p>Auditing never fails a request: any error while building the record is logged and swallowed.
 */
public class AccessAuditFilter extends OncePerRequestFilter {

    static final String AUDITED_PREFIX = "/api/";
    private static final String TENANT_PARAMETER = "tenantId";
    private static final Logger log = LoggerFactory.getLogger(AccessAuditFilter.class);

    private final AccessAuditRecorder recorder;
    private final ResourceIdPseudonyms pseudonyms;
    private final String service;
    private final Clock clock;
    private final Supplier<HandlerMapping> routes;

    /**
     * @param routes the service's request mappings, consulted only for a request refused before it reached them, so
     *               that its route and resource ids are recorded too; may supply null
     */
    public AccessAuditFilter(AccessAuditRecorder recorder, ResourceIdPseudonyms pseudonyms, String service,
                             Clock clock, Supplier<HandlerMapping> routes) {
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
        this.service = service;
        this.clock = clock;
        this.routes = routes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !pathOf(request).startsWith(AUDITED_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Actor actor = actorOf(SecurityContextHolder.getContext().getAuthentication());
        if (actor == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean completed = false;
        try {
            chain.doFilter(request, response);
            completed = true;
        } finally {
            Context context = new Context(actor, actor.tenantId() != null ? actor.tenantId() : namedTenant(request),
                    RequestContextFilter.currentCorrelationId());
            if (completed && request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new RecordOnCompletion(context, request, response));
            } else {
                record(context, request,
                        completed ? response.getStatus() : HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        }
    }

    private void record(Context context, HttpServletRequest request, int status) {
        try {
            Route route = routeOf(request);
            recorder.record(new AccessRecord(UUID.randomUUID().toString(), clock.instant(), context.tenantId(),
                    context.actor().id(), context.actor().type(), request.getMethod(), route.pattern(),
                    route.resourceIds(), status, null, context.correlationId(), service));
        } catch (RuntimeException e) {
            log.error("Could not build the access audit record of {} {}", request.getMethod(),
                    request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), e);
        }
    }

    @Nullable
    private static Actor actorOf(@Nullable Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        if (TenantContext.current().isPresent()) {
            TenantPrincipal caller = TenantContext.current().get();
            return new Actor(caller.principalId(), caller.type() == PrincipalType.API_KEY ? "api_key" : "user",
                    caller.tenantId().value());
        }
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + SecurityConfiguration.OPERATOR_ROLE).equals(authority.getAuthority()));
        return operator ? new Actor(authentication.getName(), "operator", null) : null;
    }

    @Nullable
    private static String namedTenant(HttpServletRequest request) {
        try {
            return tenantFromPathOrParameter(request);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    @Nullable
    private static String tenantFromPathOrParameter(HttpServletRequest request) {
        String fromPath = MDC.get(MetadataKeys.TENANT_ID);
        if (fromPath != null && TenantId.isValid(fromPath)) {
            return fromPath;
        }
        String parameter = request.getParameter(TENANT_PARAMETER);
        return parameter != null && TenantId.isValid(parameter) ? parameter : null;
    }

    private Route routeOf(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String)) {
            matchRoute(request);
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        Map<String, String> resourceIds = new LinkedHashMap<>();
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> {
                if (name instanceof String variable && value instanceof String text) {
                    resourceIds.put(variable, pseudonyms.recordable(variable, text));
                }
            });
        }
        return new Route(pattern instanceof String route ? route : null, resourceIds);
    }

    /** For a request refused before dispatch: looks its route up as the dispatcher would have (rare, local). */
    private void matchRoute(HttpServletRequest request) {
        HandlerMapping mapping = routes.get();
        if (mapping == null) {
            return;
        }
        try {
            if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            mapping.getHandler(request);
        } catch (Exception noRoute) {
            log.debug("No route for the audited request: {}", noRoute.toString());
        }
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** @param tenantId the caller's tenant; null for operators */
    private record Actor(String id, String type, @Nullable String tenantId) {
    }

    /** What is known of a request on its own thread, for a record that may be built on another. */
    private record Context(Actor actor, @Nullable String tenantId, String correlationId) {
    }

    private record Route(@Nullable String pattern, Map<String, String> resourceIds) {
    }

    /** Records an asynchronous request (e.g. a streamed export) once its response is complete. */
    private final class RecordOnCompletion implements AsyncListener {

        private final Context context;
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        private RecordOnCompletion(Context context, HttpServletRequest request, HttpServletResponse response) {
            this.context = context;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            record(context, request, response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows and records the final status
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows and records the final status
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
