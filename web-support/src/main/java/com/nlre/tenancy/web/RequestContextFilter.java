package com.nlre.tenancy.web;

import com.nlre.tenancy.events.MetadataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts {@code tenantId} and {@code correlationId} into the logging context for the whole request, so every log line
 * of a request carries them. The tenant is the one the request is about (the path's tenant for operator routes);
 * {@code -} when a request concerns no single tenant. A client's {@code X-Correlation-Id} is kept only when it is
 * a plain token (no header or log injection).
 */
public class RequestContextFilter extends OncePerRequestFilter {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String NO_TENANT = "-";

    private static final Pattern TENANT_PATH = Pattern.compile("^/api/v1/tenants/(tenant_[a-z0-9]{6,32})(/.*)?$");
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = request.getHeader(CORRELATION_HEADER);
        if (correlationId == null || !SAFE_CORRELATION_ID.matcher(correlationId).matches()) {
            correlationId = UUID.randomUUID().toString();
        }
        Matcher tenantPath = TENANT_PATH.matcher(request.getRequestURI());
        MDC.put(MetadataKeys.TENANT_ID, tenantPath.matches() ? tenantPath.group(1) : NO_TENANT);
        MDC.put(MetadataKeys.CORRELATION_ID, correlationId);
        response.setHeader(CORRELATION_HEADER, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
            MDC.remove(MetadataKeys.CORRELATION_ID);
            MDC.remove(MetadataKeys.ACTOR_ID);
        }
    }

    /** Called once the tenant of a request is known (e.g. a newly created tenant). */
    public static void tenantIs(String tenantId) {
        MDC.put(MetadataKeys.TENANT_ID, tenantId);
    }

    public static String currentCorrelationId() {
        String id = MDC.get(MetadataKeys.CORRELATION_ID);
        return id == null ? UUID.randomUUID().toString() : id;
    }
}
