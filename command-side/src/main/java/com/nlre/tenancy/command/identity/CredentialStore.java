package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;

import java.time.Instant;
import java.util.Set;

/**
 * The credential changes that accompany membership events. The aggregate calls these after its checks pass, inside the
 * command's unit of work, so they commit or roll back together with the events.
 */
public interface CredentialStore {

    void userAdded(TenantId tenantId, UserId userId, String email, CredentialHash passwordHash);

    void passwordChanged(UserId userId, CredentialHash passwordHash);

    void userDeactivated(UserId userId);

    void userReactivated(UserId userId);

    /** Forgets the user's credentials; the email is free again within the tenant. */
    void userRemoved(UserId userId);

    /** @return false when there is no pending enrolment to turn on */
    boolean enablePendingMfa(UserId userId);

    void mfaDisabled(UserId userId);

    /** Records a successful login and clears the failed-attempt count. */
    void loggedIn(UserId userId, Instant at, String sourceAddress);

    /** @return false when the user is already locked at {@code now} (the lockout is then not recorded again) */
    boolean lockOut(UserId userId, Instant until, Instant now);

    void apiKeyIssued(TenantId tenantId, ApiKeyId keyId, CredentialHash keyHash, Set<Permission> scopes,
                      Instant expiresAt, String createdBy, Instant createdAt);

    void apiKeyRevoked(ApiKeyId keyId, Instant revokedAt);
}
