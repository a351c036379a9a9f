package com.nlre.tenancy.command.idempotency;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The idempotency keys table (Flyway V12). Two requests with one key race on the primary key and exactly one of them
 * wins. A claim is made either inside the request's own transaction ({@link #claim(TransactionStatus, String, String,
 * String)}: the claim, the request's effects and its kept response commit together or not at all, and a duplicate
 * waits for that outcome) or on its own (auto-commit, visible at once, for requests whose effects happen in another
 * thread).
 */
public class IdempotencyKeys {

    private static final String IN_FLIGHT = "IN_FLIGHT";
    private static final String COMPLETED = "COMPLETED";
    private static final int ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final IdempotencyProperties properties;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** What the first look at a key decided. */
    public sealed interface Claim {
    }

    /** This request owns the key: execute it, then {@link #complete} or {@link #release}. */
    public record Claimed(String scope, String key, String claimId, String fingerprint) implements Claim {
    }

    /** The key was used for a different request (method, path or body). */
    public record UsedForAnotherRequest() implements Claim {
    }

    /** The first request with this key is still running. */
    public record StillInFlight() implements Claim {
    }

    /** The first request finished: answer what it answered. */
    public record Replay(StoredResponse response) implements Claim {
    }

    /** What is replayed: status, the headers that matter, and the body (without secret fields). */
    public record StoredResponse(int status, String contentType, String location, String consistencyToken,
                                 byte[] body) {
    }

    /** Claims on its own (auto-commit): the claim is visible to every instance at once. */
    public Claim claim(String scope, String key, String fingerprint) {
        return claim(null, scope, key, fingerprint);
    }

    /**
     * Claims inside {@code transaction} (null: on its own). In a transaction the claim is seen by others only once it
     * commits, together with the request's effects and its kept response; a duplicate meanwhile waits for that outcome
     * on the primary key (PostgreSQL), or is answered as still in flight when the wait times out (H2).
     */
    public Claim claim(TransactionStatus transaction, String scope, String key, String fingerprint) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            String claimId = UUID.randomUUID().toString();
            Object savepoint = transaction == null ? null : transaction.createSavepoint();
            try {
                jdbc.update("INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, claim_id, "
                                + "created_at, lease_until, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        scope, key, fingerprint, IN_FLIGHT, claimId, Timestamp.from(now),
                        Timestamp.from(now.plus(properties.inFlightLease())), Timestamp.from(now.plus(properties.ttl())));
                if (savepoint != null) {
                    transaction.releaseSavepoint(savepoint);
                }
                return new Claimed(scope, key, claimId, fingerprint);
            } catch (DuplicateKeyException taken) {
                if (savepoint != null) {
                    transaction.rollbackToSavepoint(savepoint);
                }
                Claim existing = existing(scope, key, fingerprint, now, claimId);
                if (existing != null) {
                    return existing;
                }
            } catch (ConcurrencyFailureException stillRunning) {
                if (savepoint == null) {
                    throw stillRunning;
                }
                transaction.rollbackToSavepoint(savepoint);
                return new StillInFlight();
            }
        }
        return new StillInFlight();
    }

    /** The decision for a key that is taken; null when the row changed or vanished meanwhile (try again). */
    private Claim existing(String scope, String key, String fingerprint, Instant now, String newClaimId) {
        List<Row> rows = jdbc.query("SELECT fingerprint, state, claim_id, lease_until, expires_at, response_status, "
                        + "response_content_type, response_location, response_consistency_token, response_body "
                        + "FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        new StoredResponse(rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getBytes(10))),
                scope, key);
        if (rows.isEmpty()) {
            return null;
        }
        Row row = rows.get(0);
        boolean expired = !row.expiresAt().isAfter(now);
        boolean abandoned = IN_FLIGHT.equals(row.state()) && !row.leaseUntil().isAfter(now);
        if (expired || (abandoned && row.fingerprint().equals(fingerprint))) {
            int taken = jdbc.update("UPDATE idempotency_keys SET fingerprint = ?, state = ?, claim_id = ?, "
                            + "created_at = ?, lease_until = ?, expires_at = ?, response_status = NULL, "
                            + "response_content_type = NULL, response_location = NULL, "
                            + "response_consistency_token = NULL, response_body = NULL "
                            + "WHERE scope = ? AND idempotency_key = ? AND claim_id = ? AND state = ?",
                    fingerprint, IN_FLIGHT, newClaimId, Timestamp.from(now),
                    Timestamp.from(now.plus(properties.inFlightLease())), Timestamp.from(now.plus(properties.ttl())),
                    scope, key, row.claimId(), row.state());
            return taken == 1 ? new Claimed(scope, key, newClaimId, fingerprint) : null;
        }
        if (!row.fingerprint().equals(fingerprint)) {
            return new UsedForAnotherRequest();
        }
        if (IN_FLIGHT.equals(row.state())) {
            return new StillInFlight();
        }
        return new Replay(row.response());
    }

    /** Keeps the response of the claimed request for replays; false if the claim was lost meanwhile. */
    public boolean complete(Claimed claim, StoredResponse response) {
        return jdbc.update("UPDATE idempotency_keys SET state = ?, response_status = ?, response_content_type = ?, "
                        + "response_location = ?, response_consistency_token = ?, response_body = ? "
                        + "WHERE scope = ? AND idempotency_key = ? AND claim_id = ? AND state = ?",
                COMPLETED, response.status(), response.contentType(), response.location(),
                response.consistencyToken(), response.body(), claim.scope(), claim.key(), claim.claimId(),
                IN_FLIGHT) == 1;
    }

    /**
     * Keeps a final refusal of a request whose claim was rolled back with its transaction (nothing of it was stored),
     * so that a retry is answered the same refusal; if the key was claimed again meanwhile, that claim stands.
     */
    public void remember(Claimed claim, StoredResponse response) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, claim_id, "
                            + "created_at, lease_until, expires_at, response_status, response_content_type, "
                            + "response_location, response_consistency_token, response_body) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    claim.scope(), claim.key(), claim.fingerprint(), COMPLETED, claim.claimId(), Timestamp.from(now),
                    Timestamp.from(now), Timestamp.from(now.plus(properties.ttl())), response.status(),
                    response.contentType(), response.location(), response.consistencyToken(), response.body());
        } catch (DuplicateKeyException claimedAgain) {
            // the newer claim decides what a retry is answered
        }
    }

    /** Forgets the claimed request (it failed in a way the client may retry): the key is free again. */
    public void release(Claimed claim) {
        jdbc.update("DELETE FROM idempotency_keys WHERE scope = ? AND idempotency_key = ? AND claim_id = ? "
                + "AND state = ?", claim.scope(), claim.key(), claim.claimId(), IN_FLIGHT);
    }

    /** Deletes keys expired at {@code now}; answers how many. */
    public int deleteExpired() {
        return jdbc.update("DELETE FROM idempotency_keys WHERE expires_at <= ?", Timestamp.from(clock.instant()));
    }

    private record Row(String fingerprint, String state, String claimId, Instant leaseUntil, Instant expiresAt,
                       StoredResponse response) {
    }
}
