package com.nlre.tenancy.events.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One authenticated HTTP request as the access audit trail keeps it (SOC 2): who, for which tenant, which route and
 * resources, how it ended, when. It travels as JSON on {@link com.nlre.tenancy.events.Topics#ACCESS_AUDIT} from the
 * command side to the query side, keyed by tenantId. It is not a domain event and never enters the event store.
 *
 * <p>It holds no personal data: the route is the pattern ({@code /api/v1/leads/{leadId}}), never the path or its
 * query string; no body; path variables that are personal (phone numbers) are pseudonymised before they get here.
 *
 * @param recordId      unique per request (a UUID); the query side stores each record once under it
 * @param tenantId      the tenant whose data the request concerned: the caller's for tenant principals, the one the
 *                      path names for operators; null for an operator request that names no tenant
 * @param actorId       user id, API key id or operator name
 * @param actorType     {@code user}, {@code api_key} or {@code operator}
 * @param route         the matched route pattern; null when no route matched
 * @param resourceIds   the route's path variables by name (pseudonymised where personal), possibly empty
 * @param status        the HTTP status answered
 * @param service       {@code command-side} or {@code query-side}
 */
public record AccessRecord(
        String recordId,
        Instant occurredAt,
        String tenantId,
        String actorId,
        String actorType,
        String method,
        String route,
        Map<String, String> resourceIds,
        int status,
        AccessOutcome outcome,
        String correlationId,
        String service) {

    public AccessRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(method, "method");
        resourceIds = resourceIds == null ? Map.of() : Map.copyOf(resourceIds);
        outcome = outcome == null ? AccessOutcome.of(status) : outcome;
    }
}
