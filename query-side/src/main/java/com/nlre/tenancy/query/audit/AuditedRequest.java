package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.web.RequestContextFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/** What the audit log records about the HTTP request an entry comes from. */
record AuditedRequest(String method, String route, String path, String sourceAddress, String correlationId) {

    private static final AuditedRequest NONE = new AuditedRequest(null, null, null, null, null);

    /** The request the current thread serves; all nulls outside a request. */
    static AuditedRequest current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? of(attributes.getRequest()) : NONE;
    }

    static AuditedRequest of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return new AuditedRequest(request.getMethod(), pattern instanceof String route ? route : path, path,
                request.getRemoteAddr(), RequestContextFilter.currentCorrelationId());
    }
}
