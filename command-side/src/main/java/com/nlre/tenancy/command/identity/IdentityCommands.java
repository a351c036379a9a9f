package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/**
 * The commands that change who may act for a tenant: its users and its API keys. They target the {@code Tenant}
 * aggregate, whose {@link TenantMembership} decides them. Secrets never travel in a command: passwords and keys arrive
 * already hashed.
 */
public final class IdentityCommands {

    private IdentityCommands() {
    }

    /** @param permissions null grants the role's default permissions */
    public record AddTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId, String name, String email,
                                Role role, Set<Permission> permissions, CredentialHash passwordHash) {
    }

    /** The user's permissions become the new role's defaults. */
    public record ChangeTenantUserRole(@TargetAggregateIdentifier TenantId tenantId, UserId userId, Role role) {
    }

    /** @param permissions the whole new set */
    public record SetTenantUserPermissions(@TargetAggregateIdentifier TenantId tenantId, UserId userId,
                                           Set<Permission> permissions) {
    }

    public record DeactivateTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId, String reason) {
    }

    public record ReactivateTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) {
    }

    public record RemoveTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) {
    }

    /** GDPR erasure of a removed user: its key is deleted, its name and email read as erased from then on. */
    public record ForgetTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId, String reason) {
    }

    public record ChangeTenantUserPassword(@TargetAggregateIdentifier TenantId tenantId, UserId userId,
                                           CredentialHash passwordHash) {
    }

    /** Turns on the TOTP secret the user enrolled and proved with a code. */
    public record EnableTenantUserMfa(@TargetAggregateIdentifier TenantId tenantId, UserId userId) {
    }

    /** The caller has proved a current code before sending this. */
    public record DisableTenantUserMfa(@TargetAggregateIdentifier TenantId tenantId, UserId userId) {
    }

    /**
     * A user proved their credentials; answers the {@link LoginGrant} the access token carries.
     *
     * @param sourceAddress kept in the credential store only, never in the event
     */
    public record RecordTenantUserLogin(@TargetAggregateIdentifier TenantId tenantId, UserId userId,
                                        String sourceAddress) {
    }

    /** Too many consecutive failed logins; a no-op when the user is already locked. */
    public record LockOutTenantUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId, Instant lockedUntil) {
    }

    /**
     * @param keyHash       SHA-256 of the whole key; the key itself is shown once to its creator and kept nowhere
     * @param displayPrefix the key's non-secret start, {@code nlre_<tenantId>_sk_live_}
     */
    public record IssueApiKey(@TargetAggregateIdentifier TenantId tenantId, ApiKeyId keyId, String name,
                              Set<Permission> scopes, Instant expiresAt, CredentialHash keyHash, String displayPrefix,
                              String lastFour) {
    }

    public record RevokeApiKey(@TargetAggregateIdentifier TenantId tenantId, ApiKeyId keyId) {
    }
}
