package com.nlre.tenancy.command.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code nlre.idempotency.*}: how long a key is remembered ({@code ttl}, 24 h), how long a first request may run before
 * a retry with its key may take over ({@code in-flight-lease}, 5 min: a request whose process died must not block its
 * key until it expires), and how often expired keys are deleted ({@code cleanup-interval}, 10 min).
 */
@ConfigurationProperties("nlre.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl,
                                    @DefaultValue("5m") Duration inFlightLease,
                                    @DefaultValue("10m") Duration cleanupInterval) {
}
