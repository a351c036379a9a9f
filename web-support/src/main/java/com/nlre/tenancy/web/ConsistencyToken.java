package com.nlre.tenancy.web;

import com.nlre.tenancy.events.tenant.TenantId;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-your-writes across the two services. A successful command answers with {@value #HEADER}: the tenant, the
 * aggregate it changed and the aggregate's sequence number after the change. A client passes the same header to the
 * query side, which waits (bounded) until its projections have applied that aggregate up to that sequence, and says
 * in {@value #REACHED_HEADER} whether they had.
 *
 * <p>Format: {@code <tenantId>:<aggregateId>:<sequence>}, e.g. {@code tenant_k3v9q2m8x4t7c1bd:tenant_k3v9q2m8x4t7c1bd:3}.
 */
public record ConsistencyToken(TenantId tenantId, String aggregateId, long sequence) {

    public static final String HEADER = "X-Consistency-Token";
    public static final String REACHED_HEADER = "X-Consistency-Reached";

    private static final Pattern FORMAT = Pattern.compile("(tenant_[a-z0-9]{6,32}):([A-Za-z0-9_.-]{1,120}):(\\d{1,18})");

    public static Optional<ConsistencyToken> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(value.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ConsistencyToken(new TenantId(matcher.group(1)), matcher.group(2),
                Long.parseLong(matcher.group(3))));
    }

    public String format() {
        return tenantId.value() + ":" + aggregateId + ":" + sequence;
    }

    @Override
    public String toString() {
        return format();
    }
}
