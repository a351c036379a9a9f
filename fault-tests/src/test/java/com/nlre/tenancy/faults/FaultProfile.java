package com.nlre.tenancy.faults;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * How hard and how long one fault-injection run pushes: tenants, quota tenants and their limits, kills, the gaps
 * between them, and the bounds on requests and time. {@code -Dfaults.profile=ci} (the default, part of
 * {@code ./mvnw verify}) or {@code long}; {@code -Dfaults.seed=N} repeats a run's kill moments, kinds and operations.
 *
 * @param tenants              tenants driven at once
 * @param workersPerTenant     worker threads per tenant, each sending one command at a time
 * @param quotaTenants         of those, tenants limited to {@code leadLimit} leads and {@code callLimit} calls, and
 *                             pushed past both
 * @param kills                processes killed in the run, the three kinds taking turns (each at least once)
 * @param minGap               least time the platform runs healthy under load before the next kill
 * @param maxGap               most time it does
 * @param maxDowntime          most time a killed process stays down before it is restarted
 * @param commandsPerTenant    most commands one tenant's worker sends (the request bound)
 * @param maxWorkload          most time the workload runs, whatever the faults still planned
 * @param tail                 load that goes on after the last restart
 * @param minPause             least pause between one worker's operations
 * @param maxPause             most pause between them
 * @param commandDeadline      how long one command is retried (same idempotency key) before it is left unknown
 * @param convergenceTimeout   how long the read models may take to reach the event store once the load stopped
 * @param readyTimeout         how long a (re)started process may take to be ready
 */
record FaultProfile(String name, long seed, int tenants, int workersPerTenant, int quotaTenants, int leadLimit,
                    int callLimit, int kills,
                    Duration minGap, Duration maxGap, Duration maxDowntime, int commandsPerTenant,
                    Duration maxWorkload, Duration tail, Duration minPause, Duration maxPause,
                    Duration commandDeadline, Duration convergenceTimeout, Duration readyTimeout) {

    static FaultProfile fromSystemProperties() {
        String name = System.getProperty("faults.profile", "ci").trim();
        String seedProperty = System.getProperty("faults.seed", "").trim();
        long seed = seedProperty.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(seedProperty);
        return switch (name) {
            case "", "ci" -> new FaultProfile("ci", seed, 6, 2, 2, 10, 25, 3,
                    Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(3), 1500,
                    Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofMillis(80), Duration.ofMillis(300),
                    Duration.ofSeconds(150), Duration.ofSeconds(150), Duration.ofSeconds(180));
            case "long" -> new FaultProfile("long", seed, 12, 2, 3, 25, 60, 12,
                    Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ofSeconds(6), 10000,
                    Duration.ofMinutes(25), Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofMillis(400),
                    Duration.ofSeconds(150), Duration.ofSeconds(300), Duration.ofSeconds(240));
            default -> throw new IllegalArgumentException("faults.profile must be ci or long, not '" + name + "'");
        };
    }

    /** A whole run's outer bound: longer than every bounded phase added up, so only a hang reaches it. */
    Duration runBound() {
        return readyTimeout.multipliedBy(3L + kills).plus(maxWorkload).plus(commandDeadline)
                .plus(convergenceTimeout).plus(Duration.ofMinutes(5));
    }
}
