package com.nlre.tenancy.query.audit;

import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * What to look for in the access audit trail; every part is optional.
 *
 * @param from       inclusive
 * @param to         exclusive
 * @param route      a route pattern exactly as recorded, e.g. {@code /api/v1/leads/{leadId}}
 * @param resourceId any path variable's value; a personal one (a phone number) is matched by its pseudonym
 */
public record AccessAuditQuery(@Nullable Instant from, @Nullable Instant to, @Nullable String actorId,
                               @Nullable String route, @Nullable String resourceId) {
}
