package com.nlre.tenancy.command.identity.credentials;

import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.command.identity.CredentialStore;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The credential store on the event store's database. Writes made by command handlers join the command's transaction
 * (the one the events are appended in); the others (failed attempts, pending MFA enrolment, key use) commit alone,
 * as they record no event.
 */
@Repository
public class JdbcCredentialStore implements CredentialStore {

    private static final String ACTIVE = "active";
    private static final String DEACTIVATED = "deactivated";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public JdbcCredentialStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A user's stored credentials. Holds a password hash and encrypted secrets: never printed. */
    public record UserCredential(UserId userId, TenantId tenantId, String email, String passwordHash,
                                 String mfaSecretEncrypted, String mfaPendingSecretEncrypted, boolean mfaEnabled,
                                 int failedAttempts, Instant lockedUntil, Instant lastLoginAt, boolean active) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        @Override
        public String toString() {
            return "UserCredential[" + userId + " of " + tenantId + "]";
        }
    }

    /** A stored API key: its hash and what it grants. */
    public record ApiKeyCredential(ApiKeyId keyId, TenantId tenantId, String keyHash, Set<Permission> scopes,
                                   Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String createdBy,
                                   Instant createdAt) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }

        @Override
        public String toString() {
            return "ApiKeyCredential[" + keyId + " of " + tenantId + "]";
        }
    }

    @Override
    public void userAdded(TenantId tenantId, UserId userId, String email, CredentialHash passwordHash) {
        jdbc.update("INSERT INTO user_credentials (user_id, tenant_id, email, password_hash, status) "
                + "VALUES (?, ?, ?, ?, ?)", userId.value(), tenantId.value(), email, passwordHash.value(), ACTIVE);
    }

    @Override
    public void passwordChanged(UserId userId, CredentialHash passwordHash) {
        jdbc.update("UPDATE user_credentials SET password_hash = ?, failed_attempts = 0 WHERE user_id = ?",
                passwordHash.value(), userId.value());
    }

    @Override
    public void userDeactivated(UserId userId) {
        jdbc.update("UPDATE user_credentials SET status = ? WHERE user_id = ?", DEACTIVATED, userId.value());
    }

    @Override
    public void userReactivated(UserId userId) {
        jdbc.update("UPDATE user_credentials SET status = ?, failed_attempts = 0, locked_until = NULL "
                + "WHERE user_id = ?", ACTIVE, userId.value());
    }

    @Override
    public void userRemoved(UserId userId) {
        jdbc.update("DELETE FROM user_credentials WHERE user_id = ?", userId.value());
    }

    @Override
    public boolean enablePendingMfa(UserId userId) {
        return jdbc.update("UPDATE user_credentials SET mfa_secret_encrypted = mfa_pending_secret_encrypted, "
                + "mfa_pending_secret_encrypted = NULL, mfa_enabled = TRUE "
                + "WHERE user_id = ? AND mfa_pending_secret_encrypted IS NOT NULL", userId.value()) == 1;
    }

    @Override
    public void mfaDisabled(UserId userId) {
        jdbc.update("UPDATE user_credentials SET mfa_enabled = FALSE, mfa_secret_encrypted = NULL, "
                + "mfa_pending_secret_encrypted = NULL, mfa_last_used_step = NULL WHERE user_id = ?", userId.value());
    }

    @Override
    public void loggedIn(UserId userId, Instant at, String sourceAddress) {
        jdbc.update("UPDATE user_credentials SET last_login_at = ?, last_login_ip = ?, failed_attempts = 0, "
                + "locked_until = NULL WHERE user_id = ?", timestamp(at), sourceAddress, userId.value());
    }

    @Override
    public boolean lockOut(UserId userId, Instant until, Instant now) {
        return jdbc.update("UPDATE user_credentials SET locked_until = ?, failed_attempts = 0 "
                + "WHERE user_id = ? AND (locked_until IS NULL OR locked_until <= ?)", timestamp(until),
                userId.value(), timestamp(now)) == 1;
    }

    @Override
    public void apiKeyIssued(TenantId tenantId, ApiKeyId keyId, CredentialHash keyHash, Set<Permission> scopes,
                             Instant expiresAt, String createdBy, Instant createdAt) {
        jdbc.update("INSERT INTO api_key_credentials (key_id, tenant_id, key_hash, scopes, expires_at, created_by, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", keyId.value(), tenantId.value(), keyHash.value(),
                scopesColumn(scopes), timestamp(expiresAt), createdBy, timestamp(createdAt));
    }

    @Override
    public void apiKeyRevoked(ApiKeyId keyId, Instant revokedAt) {
        jdbc.update("UPDATE api_key_credentials SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                timestamp(revokedAt), keyId.value());
    }

    public Optional<UserCredential> findUser(TenantId tenantId, String email) {
        return jdbc.query("SELECT * FROM user_credentials WHERE tenant_id = ? AND email = ?", USER, tenantId.value(),
                email).stream().findFirst();
    }

    /** The user's credentials only when the user belongs to {@code tenantId}. */
    public Optional<UserCredential> findUser(TenantId tenantId, UserId userId) {
        return jdbc.query("SELECT * FROM user_credentials WHERE tenant_id = ? AND user_id = ?", USER, tenantId.value(),
                userId.value()).stream().findFirst();
    }

    /** Counts one more consecutive failed login and answers the count, exactly under concurrency. */
    public int recordFailedAttempt(UserId userId) {
        Integer failures = transactions.execute(status -> {
            jdbc.update("UPDATE user_credentials SET failed_attempts = failed_attempts + 1 WHERE user_id = ?",
                    userId.value());
            return jdbc.queryForList("SELECT failed_attempts FROM user_credentials WHERE user_id = ?", Integer.class,
                    userId.value()).stream().findFirst().orElse(0);
        });
        return failures == null ? 0 : failures;
    }

    /** Replaces any unconfirmed enrolment; the secret in force (if any) stays until the new one is confirmed. */
    public void storePendingMfa(UserId userId, String encryptedSecret) {
        jdbc.update("UPDATE user_credentials SET mfa_pending_secret_encrypted = ? WHERE user_id = ?", encryptedSecret,
                userId.value());
    }

    /**
     * Accepts a TOTP time step for the user once: false when this step or a later one was already used, so a
     * code seen by someone else cannot be replayed.
     */
    public boolean useTotpStep(UserId userId, long step) {
        return jdbc.update("UPDATE user_credentials SET mfa_last_used_step = ? WHERE user_id = ? "
                + "AND (mfa_last_used_step IS NULL OR mfa_last_used_step < ?)", step, userId.value(), step) == 1;
    }

    public Optional<ApiKeyCredential> findApiKeyByHash(String keyHash) {
        return jdbc.query("SELECT * FROM api_key_credentials WHERE key_hash = ?", API_KEY, keyHash).stream().findFirst();
    }

    /** Records a use; at most one write per key per {@code granularity} window. */
    public void apiKeyUsed(ApiKeyId keyId, Instant now, Instant notSince) {
        jdbc.update("UPDATE api_key_credentials SET last_used_at = ? WHERE key_id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)", timestamp(now), keyId.value(), timestamp(notSince));
    }

    /** Keys issued before {@code issuedBefore} that still authenticate at {@code now}, oldest first. */
    public List<ApiKeyCredential> usableKeysIssuedBefore(Instant issuedBefore, Instant now) {
        return jdbc.query("SELECT * FROM api_key_credentials WHERE created_at < ? AND revoked_at IS NULL "
                + "AND expires_at > ? ORDER BY created_at, key_id", API_KEY, timestamp(issuedBefore), timestamp(now));
    }

    private static final RowMapper<UserCredential> USER = (rs, row) -> new UserCredential(
            new UserId(rs.getString("user_id")), new TenantId(rs.getString("tenant_id")), rs.getString("email"),
            rs.getString("password_hash"), rs.getString("mfa_secret_encrypted"),
            rs.getString("mfa_pending_secret_encrypted"), rs.getBoolean("mfa_enabled"), rs.getInt("failed_attempts"),
            instant(rs, "locked_until"), instant(rs, "last_login_at"), ACTIVE.equals(rs.getString("status")));

    private static final RowMapper<ApiKeyCredential> API_KEY = (rs, row) -> new ApiKeyCredential(
            new ApiKeyId(rs.getString("key_id")), new TenantId(rs.getString("tenant_id")),
            rs.getString("key_hash").strip(), scopesOf(rs.getString("scopes")), instant(rs, "expires_at"),
            instant(rs, "revoked_at"), instant(rs, "last_used_at"), rs.getString("created_by"),
            instant(rs, "created_at"));

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String scopesColumn(Set<Permission> scopes) {
        return scopes.stream().map(Permission::wireName).sorted().collect(Collectors.joining(","));
    }

    private static Set<Permission> scopesOf(String column) {
        Set<Permission> scopes = EnumSet.noneOf(Permission.class);
        Arrays.stream(column.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .forEach(name -> Permission.parse(name).ifPresent(scopes::add));
        return scopes;
    }
}
