package com.nlre.tenancy.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One record of the append-only security audit log.
 *
 * @param auditId        assigned when stored; null on an entry not appended yet
 * @param actor          user id, API key id or operator name; null when an operator request was not authenticated
 * @param actorType      {@code user}, {@code api_key}, {@code operator} or {@code anonymous}
 * @param actorTenantId  the caller's tenant; null for operators
 * @param targetTenantId the tenant whose resource was asked for; null when the request names none
 * @param route          the matched route pattern, e.g. {@code /api/v1/users/{userId}}; the path when none matched
 * @param status         the HTTP status answered; null for cross-tenant attempts (always answered 404)
 */
@Schema(name = "SecurityAuditEntry")
public record SecurityAuditEntry(
        String auditId,
        SecurityAuditKind kind,
        String actor,
        String actorType,
        String actorTenantId,
        String targetTenantId,
        String method,
        String route,
        String path,
        Integer status,
        String resourceType,
        String resourceId,
        String sourceAddress,
        Instant occurredAt,
        String correlationId) {
}
