package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.identity.IdentityCommands.AddTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserPassword;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserRole;
import com.nlre.tenancy.command.identity.IdentityCommands.DeactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.DisableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityCommands.EnableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityCommands.ForgetTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.IssueApiKey;
import com.nlre.tenancy.command.identity.IdentityCommands.LockOutTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ReactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RecordTenantUserLogin;
import com.nlre.tenancy.command.identity.IdentityCommands.RemoveTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RevokeApiKey;
import com.nlre.tenancy.command.identity.IdentityCommands.SetTenantUserPermissions;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.ApiKeyRevoked;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserDeactivated;
import com.nlre.tenancy.events.identity.TenantUserLockedOut;
import com.nlre.tenancy.events.identity.TenantUserLoggedIn;
import com.nlre.tenancy.events.identity.TenantUserMfaDisabled;
import com.nlre.tenancy.events.identity.TenantUserMfaEnabled;
import com.nlre.tenancy.events.identity.TenantUserPasswordChanged;
import com.nlre.tenancy.events.identity.TenantUserPermissionsChanged;
import com.nlre.tenancy.events.identity.TenantUserReactivated;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.TenantUserRoleChanged;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.command.usage.Feature;
import com.nlre.tenancy.command.usage.Meter;
import com.nlre.tenancy.command.usage.PlanFeatureCatalog;
import com.nlre.tenancy.command.usage.Quotas;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static com.nlre.tenancy.command.identity.IdentityRules.ACTOR_MUST_BE_ACTIVE;
import static com.nlre.tenancy.command.identity.IdentityRules.API_KEY_ALREADY_REVOKED;
import static com.nlre.tenancy.command.identity.IdentityRules.API_KEY_NEEDS_SCOPES;
import static com.nlre.tenancy.command.identity.IdentityRules.API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS;
import static com.nlre.tenancy.command.identity.IdentityRules.OFFBOARDED_TENANT_ALLOWS_NO_LOGIN;
import static com.nlre.tenancy.command.identity.IdentityRules.EMAIL_UNIQUE_WITHIN_TENANT;
import static com.nlre.tenancy.command.identity.IdentityRules.GRANTS_WITHIN_ACTOR_PERMISSIONS;
import static com.nlre.tenancy.command.identity.IdentityRules.LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED;
import static com.nlre.tenancy.command.identity.IdentityRules.MFA_ALREADY_ENABLED;
import static com.nlre.tenancy.command.identity.IdentityRules.MFA_ENROLMENT_NOT_STARTED;
import static com.nlre.tenancy.command.identity.IdentityRules.MFA_NOT_ENABLED;
import static com.nlre.tenancy.command.identity.IdentityRules.ONLY_ACTIVE_TENANT_CHANGES_USERS;
import static com.nlre.tenancy.command.identity.IdentityRules.ONLY_ACTIVE_USER_CAN_BE_DEACTIVATED;
import static com.nlre.tenancy.command.identity.IdentityRules.ONLY_DEACTIVATED_USER_CAN_BE_REACTIVATED;
import static com.nlre.tenancy.command.identity.IdentityRules.ONLY_OWNER_MANAGES_OWNERS;
import static com.nlre.tenancy.command.identity.IdentityRules.OWNER_HOLDS_EVERY_PERMISSION;
import static com.nlre.tenancy.command.identity.IdentityRules.UNKNOWN_API_KEY;
import static com.nlre.tenancy.command.identity.IdentityRules.UNKNOWN_USER;
import static com.nlre.tenancy.command.identity.IdentityRules.USER_MUST_BE_ACTIVE;
import static com.nlre.tenancy.command.identity.IdentityRules.USER_MUST_BE_REMOVED_BEFORE_ERASURE;
import static com.nlre.tenancy.command.identity.IdentityRules.violated;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Who may act for the tenant: its users and its API keys. Part of the {@code Tenant} aggregate, so "email unique within
 * the tenant", "an active owner always remains" and "no one grants what they do not hold" are decided atomically.
 * Keeps per user only email, role, permissions, status and whether MFA is on; per key its scopes, expiry and whether
 * it is revoked. Credential changes go to the {@link CredentialStore} after the checks, in the same unit of work.
 *
 * <p>The acting principal comes from the command's metadata ({@code actorType}, {@code actorId}): users act with their
 * current permissions, API keys with their scopes, operators and the platform itself with all of them.
 */
public class TenantMembership {

    private TenantStatus tenantStatus = TenantStatus.ACTIVE;
    private final Map<UserId, Member> members = new HashMap<>();
    private final Map<ApiKeyId, Key> apiKeys = new HashMap<>();
    /** Users removed from the tenant, and those of them forgotten (GDPR erasure). */
    private final Set<UserId> removedUsers = new HashSet<>();
    private final Set<UserId> forgottenUsers = new HashSet<>();

    private record Member(String email, Role role, Set<Permission> permissions, boolean active, boolean mfaEnabled) {

        boolean isActiveOwner() {
            return active && role == Role.OWNER;
        }
    }

    private record Key(Set<Permission> scopes, Instant expiresAt, boolean revoked) {
    }

    /** What the acting principal may grant and whether it may manage owners. */
    private record Authority(Set<Permission> permissions, boolean owner) {
    }

    @CommandHandler
    public UserId handle(AddTenantUser command, CredentialStore credentials, Quotas quotas, Clock clock,
                         @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                         @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        String name = ValueRules.requireText("name", command.name(), IdentityRules.MAX_NAME_LENGTH);
        String email = ValueRules.requireEmail("email", command.email());
        Role role = IdentityRules.required("role", command.role());
        IdentityRules.required("password", command.passwordHash());
        Set<Permission> permissions = permissionsFor(role, command.permissions());
        Authority authority = authorityOf(actorType, actorId, clock.instant());
        if (role == Role.OWNER) {
            onlyOwnerManagesOwners(authority);
        }
        grantsWithinActorPermissions(authority, permissions);
        boolean taken = members.values().stream().anyMatch(member -> member.email().equals(email));
        if (taken) {
            throw violated(EMAIL_UNIQUE_WITHIN_TENANT, "A user with this email already belongs to the tenant.");
        }
        quotas.reserve(command.tenantId(), Meter.USERS, clock.instant());
        credentials.userAdded(command.tenantId(), command.userId(), email, command.passwordHash());
        apply(new TenantUserAdded(command.tenantId(), command.userId(), new UserProfile(name, email), role, permissions,
                clock.instant()));
        return command.userId();
    }

    @CommandHandler
    public void handle(ChangeTenantUserRole command, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        Role role = IdentityRules.required("role", command.role());
        Member member = known(command.userId());
        if (member.role() == role) {
            return;
        }
        Authority authority = authorityOf(actorType, actorId, clock.instant());
        if (member.role() == Role.OWNER || role == Role.OWNER) {
            onlyOwnerManagesOwners(authority);
        }
        if (member.role() == Role.OWNER) {
            anActiveOwnerRemainsWithout(command.userId());
        }
        grantsWithinActorPermissions(authority, role.defaultPermissions());
        apply(new TenantUserRoleChanged(command.tenantId(), command.userId(), member.role(), role,
                role.defaultPermissions(), clock.instant()));
    }

    @CommandHandler
    public void handle(SetTenantUserPermissions command, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        Set<Permission> permissions = Set.copyOf(IdentityRules.required("permissions", command.permissions()));
        Member member = known(command.userId());
        if (member.role() == Role.OWNER) {
            throw violated(OWNER_HOLDS_EVERY_PERMISSION, "An owner always holds every permission.");
        }
        if (member.permissions().equals(permissions)) {
            return;
        }
        grantsWithinActorPermissions(authorityOf(actorType, actorId, clock.instant()), permissions);
        apply(new TenantUserPermissionsChanged(command.tenantId(), command.userId(), permissions, clock.instant()));
    }

    @CommandHandler
    public void handle(DeactivateTenantUser command, CredentialStore credentials, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        String reason = ValueRules.requireText("reason", command.reason(), IdentityRules.MAX_REASON_LENGTH);
        Member member = known(command.userId());
        if (!member.active()) {
            throw violated(ONLY_ACTIVE_USER_CAN_BE_DEACTIVATED, "The user is already deactivated.");
        }
        if (member.role() == Role.OWNER) {
            onlyOwnerManagesOwners(authorityOf(actorType, actorId, clock.instant()));
            anActiveOwnerRemainsWithout(command.userId());
        }
        credentials.userDeactivated(command.userId());
        apply(new TenantUserDeactivated(command.tenantId(), command.userId(), reason, clock.instant()));
    }

    @CommandHandler
    public void handle(ReactivateTenantUser command, CredentialStore credentials, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        Member member = known(command.userId());
        if (member.active()) {
            throw violated(ONLY_DEACTIVATED_USER_CAN_BE_REACTIVATED, "The user is not deactivated.");
        }
        if (member.role() == Role.OWNER) {
            onlyOwnerManagesOwners(authorityOf(actorType, actorId, clock.instant()));
        }
        credentials.userReactivated(command.userId());
        apply(new TenantUserReactivated(command.tenantId(), command.userId(), clock.instant()));
    }

    /**
     * Forgets a user (GDPR erasure). Only a removed user can be forgotten: a member still acts for the tenant, and the
     * tenant's last active owner can never be removed, so never forgotten. Forgetting a forgotten user changes nothing.
     */
    @CommandHandler
    public void handle(ForgetTenantUser command, Clock clock) {
        if (forgottenUsers.contains(command.userId())) {
            return;
        }
        if (members.containsKey(command.userId())) {
            throw violated(USER_MUST_BE_REMOVED_BEFORE_ERASURE,
                    "Only a removed user can be forgotten: remove the user first.");
        }
        if (!removedUsers.contains(command.userId())) {
            throw new UnknownResource(UNKNOWN_USER, command.userId() == null ? "null" : command.userId().value());
        }
        String reason = command.reason() == null ? null : ValueRules.requireText("reason", command.reason(), 200);
        apply(new DataSubjectForgotten(command.tenantId(), SubjectType.USER.wireName(), command.userId().value(),
                reason, clock.instant()));
    }

    @CommandHandler
    public void handle(RemoveTenantUser command, CredentialStore credentials, Quotas quotas, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        Member member = known(command.userId());
        if (member.role() == Role.OWNER) {
            onlyOwnerManagesOwners(authorityOf(actorType, actorId, clock.instant()));
            anActiveOwnerRemainsWithout(command.userId());
        }
        quotas.release(command.tenantId(), Meter.USERS, clock.instant());
        credentials.userRemoved(command.userId());
        apply(new TenantUserRemoved(command.tenantId(), command.userId(), clock.instant()));
    }

    @CommandHandler
    public void handle(ChangeTenantUserPassword command, CredentialStore credentials, Clock clock) {
        onlyActiveTenantChangesUsers();
        IdentityRules.required("newPassword", command.passwordHash());
        activeUser(command.userId());
        credentials.passwordChanged(command.userId(), command.passwordHash());
        apply(new TenantUserPasswordChanged(command.tenantId(), command.userId(), clock.instant()));
    }

    @CommandHandler
    public void handle(EnableTenantUserMfa command, CredentialStore credentials, Clock clock) {
        onlyActiveTenantChangesUsers();
        if (activeUser(command.userId()).mfaEnabled()) {
            throw violated(MFA_ALREADY_ENABLED, "Two-factor authentication is already on; disable it first.");
        }
        if (!credentials.enablePendingMfa(command.userId())) {
            throw violated(MFA_ENROLMENT_NOT_STARTED, "Start an enrolment first.");
        }
        apply(new TenantUserMfaEnabled(command.tenantId(), command.userId(), clock.instant()));
    }

    @CommandHandler
    public void handle(DisableTenantUserMfa command, CredentialStore credentials, Clock clock) {
        onlyActiveTenantChangesUsers();
        if (!activeUser(command.userId()).mfaEnabled()) {
            throw violated(MFA_NOT_ENABLED, "Two-factor authentication is not on.");
        }
        credentials.mfaDisabled(command.userId());
        apply(new TenantUserMfaDisabled(command.tenantId(), command.userId(), clock.instant()));
    }

    /**
     * A suspended tenant's users may still log in to read (billing, exports); a canceled tenant's too, during its
     * retention period, to export its data; an offboarded tenant's may not.
     */
    @CommandHandler
    public LoginGrant handle(RecordTenantUserLogin command, CredentialStore credentials, Clock clock) {
        if (tenantStatus == TenantStatus.OFFBOARDED) {
            throw violated(OFFBOARDED_TENANT_ALLOWS_NO_LOGIN, "The tenant is offboarded.");
        }
        Member member = activeUser(command.userId());
        Instant now = clock.instant();
        credentials.loggedIn(command.userId(), now, command.sourceAddress());
        apply(new TenantUserLoggedIn(command.tenantId(), command.userId(), now));
        return new LoginGrant(member.role(), member.permissions());
    }

    @CommandHandler
    public void handle(LockOutTenantUser command, CredentialStore credentials, Clock clock) {
        known(command.userId());
        if (credentials.lockOut(command.userId(), command.lockedUntil(), clock.instant())) {
            apply(new TenantUserLockedOut(command.tenantId(), command.userId(), command.lockedUntil()));
        }
    }

    @CommandHandler
    public ApiKeyId handle(IssueApiKey command, CredentialStore credentials, Quotas quotas,
                           PlanFeatureCatalog features, Clock clock,
                           @MetaDataValue(MetadataKeys.ACTOR_TYPE) String actorType,
                           @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        features.require(quotas.planOf(command.tenantId()), Feature.API_ACCESS);
        String name = ValueRules.requireText("name", command.name(), IdentityRules.MAX_KEY_NAME_LENGTH);
        Set<Permission> scopes = Set.copyOf(IdentityRules.required("scopes", command.scopes()));
        if (scopes.isEmpty()) {
            throw new InvalidCommand(API_KEY_NEEDS_SCOPES, "scopes", "must name at least one permission");
        }
        Instant now = clock.instant();
        IdentityRules.required("expiresAt", command.expiresAt());
        if (!command.expiresAt().isAfter(now)) {
            throw new InvalidCommand(IdentityRules.API_KEY_EXPIRY_IN_RANGE, "expiresInDays", "must be in the future");
        }
        Authority creator = authorityOf(actorType, actorId, now);
        if (!creator.permissions().containsAll(scopes)) {
            throw violated(API_KEY_SCOPES_WITHIN_CREATOR_PERMISSIONS,
                    "A key's scopes must be permissions its creator holds.");
        }
        String createdBy = actorId == null ? Actor.SYSTEM : actorId;
        credentials.apiKeyIssued(command.tenantId(), command.keyId(), command.keyHash(), scopes, command.expiresAt(),
                createdBy, now);
        apply(new ApiKeyIssued(command.tenantId(), command.keyId(), name, command.displayPrefix(), command.lastFour(),
                scopes, createdBy, now, command.expiresAt()));
        return command.keyId();
    }

    @CommandHandler
    public void handle(RevokeApiKey command, CredentialStore credentials, Clock clock,
                       @MetaDataValue(MetadataKeys.ACTOR_ID) String actorId) {
        onlyActiveTenantChangesUsers();
        Key key = apiKeys.get(command.keyId());
        if (key == null) {
            throw new UnknownResource(UNKNOWN_API_KEY, command.keyId().value());
        }
        if (key.revoked()) {
            throw violated(API_KEY_ALREADY_REVOKED, "The key is already revoked.");
        }
        Instant now = clock.instant();
        credentials.apiKeyRevoked(command.keyId(), now);
        apply(new ApiKeyRevoked(command.tenantId(), command.keyId(), actorId == null ? Actor.SYSTEM : actorId, now));
    }

    @EventSourcingHandler
    void on(TenantUserAdded event) {
        members.put(event.userId(), new Member(event.profile().email(), event.role(), Set.copyOf(event.permissions()),
                true, false));
    }

    @EventSourcingHandler
    void on(TenantUserRoleChanged event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), event.role(),
                Set.copyOf(event.permissions()), member.active(), member.mfaEnabled()));
    }

    @EventSourcingHandler
    void on(TenantUserPermissionsChanged event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), member.role(),
                Set.copyOf(event.permissions()), member.active(), member.mfaEnabled()));
    }

    @EventSourcingHandler
    void on(TenantUserDeactivated event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), member.role(),
                member.permissions(), false, member.mfaEnabled()));
    }

    @EventSourcingHandler
    void on(TenantUserReactivated event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), member.role(),
                member.permissions(), true, member.mfaEnabled()));
    }

    @EventSourcingHandler
    void on(TenantUserRemoved event) {
        members.remove(event.userId());
        removedUsers.add(event.userId());
    }

    @EventSourcingHandler
    void on(DataSubjectForgotten event) {
        if (SubjectType.USER.wireName().equals(event.subjectType())) {
            forgottenUsers.add(new UserId(event.subjectId()));
        }
    }

    @EventSourcingHandler
    void on(TenantUserMfaEnabled event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), member.role(),
                member.permissions(), member.active(), true));
    }

    @EventSourcingHandler
    void on(TenantUserMfaDisabled event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.email(), member.role(),
                member.permissions(), member.active(), false));
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        apiKeys.put(event.keyId(), new Key(Set.copyOf(event.scopes()), event.expiresAt(), false));
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        apiKeys.computeIfPresent(event.keyId(), (id, key) -> new Key(key.scopes(), key.expiresAt(), true));
    }

    @EventSourcingHandler
    void on(TenantSuspended event) {
        tenantStatus = TenantStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(TenantReactivated event) {
        tenantStatus = TenantStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantCanceled event) {
        tenantStatus = TenantStatus.CANCELED;
    }

    @EventSourcingHandler
    void on(TenantOffboarded event) {
        tenantStatus = TenantStatus.OFFBOARDED;
    }

    private void onlyActiveTenantChangesUsers() {
        if (tenantStatus != TenantStatus.ACTIVE) {
            throw violated(ONLY_ACTIVE_TENANT_CHANGES_USERS,
                    "The tenant is " + tenantStatus.wireName() + "; its users and keys cannot change.");
        }
    }

    private Member known(UserId userId) {
        Member member = userId == null ? null : members.get(userId);
        if (member == null) {
            throw new UnknownResource(UNKNOWN_USER, userId == null ? "null" : userId.value());
        }
        return member;
    }

    private Member activeUser(UserId userId) {
        Member member = known(userId);
        if (!member.active()) {
            throw violated(USER_MUST_BE_ACTIVE, "The user is deactivated.");
        }
        return member;
    }

    private static Set<Permission> permissionsFor(Role role, Set<Permission> explicit) {
        if (explicit == null || role == Role.OWNER) {
            return role.defaultPermissions();
        }
        return Set.copyOf(explicit);
    }

    /** Users act with their current permissions (not those of an older token), keys with their scopes. */
    private Authority authorityOf(String actorType, String actorId, Instant now) {
        if (Actor.USER.equals(actorType)) {
            Member member = actorId != null && UserId.isValid(actorId) ? members.get(new UserId(actorId)) : null;
            if (member == null || !member.active()) {
                throw violated(ACTOR_MUST_BE_ACTIVE, "The acting user is no longer an active member of the tenant.");
            }
            return new Authority(member.permissions(), member.role() == Role.OWNER);
        }
        if (Actor.API_KEY.equals(actorType)) {
            Key key = actorId != null && ApiKeyId.isValid(actorId) ? apiKeys.get(new ApiKeyId(actorId)) : null;
            if (key == null || key.revoked() || !key.expiresAt().isAfter(now)) {
                throw violated(ACTOR_MUST_BE_ACTIVE, "The acting API key is revoked or expired.");
            }
            return new Authority(key.scopes(), false);
        }
        return new Authority(EnumSet.allOf(Permission.class), true);
    }

    private static void onlyOwnerManagesOwners(Authority authority) {
        if (!authority.owner()) {
            throw violated(ONLY_OWNER_MANAGES_OWNERS, "Only an owner may grant, change or take away the owner role.");
        }
    }

    private static void grantsWithinActorPermissions(Authority authority, Set<Permission> granted) {
        if (!authority.permissions().containsAll(granted)) {
            throw violated(GRANTS_WITHIN_ACTOR_PERMISSIONS, "No one may grant a permission they do not hold.");
        }
    }

    private void anActiveOwnerRemainsWithout(UserId leaving) {
        boolean another = members.entrySet().stream()
                .anyMatch(entry -> !entry.getKey().equals(leaving) && entry.getValue().isActiveOwner());
        if (!another) {
            throw violated(LAST_OWNER_CANNOT_BE_REMOVED_OR_DEMOTED,
                    "The tenant's last active owner cannot be removed, demoted or deactivated.");
        }
    }
}
