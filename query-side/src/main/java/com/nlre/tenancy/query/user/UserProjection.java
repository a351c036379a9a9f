package com.nlre.tenancy.query.user;

import com.nlre.tenancy.events.TenantEvent;
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
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Set;

import static com.nlre.tenancy.query.user.UserDocuments.COLLECTION;
import static com.nlre.tenancy.query.user.UserDocuments.CREATED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.DEACTIVATED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.EMAIL;
import static com.nlre.tenancy.query.user.UserDocuments.ID;
import static com.nlre.tenancy.query.user.UserDocuments.LAST_LOGIN_AT;
import static com.nlre.tenancy.query.user.UserDocuments.LOCKED_UNTIL;
import static com.nlre.tenancy.query.user.UserDocuments.MFA_ENABLED;
import static com.nlre.tenancy.query.user.UserDocuments.NAME;
import static com.nlre.tenancy.query.user.UserDocuments.PASSWORD_CHANGED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.PERMISSIONS;
import static com.nlre.tenancy.query.user.UserDocuments.REMOVED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.ROLE;
import static com.nlre.tenancy.query.user.UserDocuments.STATUS;
import static com.nlre.tenancy.query.user.UserDocuments.STATUS_REASON;
import static com.nlre.tenancy.query.user.UserDocuments.TENANT_ID;
import static com.nlre.tenancy.query.user.UserDocuments.UPDATED_AT;
import static com.nlre.tenancy.query.user.UserDocuments.USER_ID;
import static com.nlre.tenancy.query.user.UserDocuments.VERSION;
import static com.nlre.tenancy.query.user.UserDocuments.date;
import static com.nlre.tenancy.query.user.UserDocuments.id;
import static com.nlre.tenancy.query.user.UserDocuments.permissions;

/**
 * Keeps collection {@value UserDocuments#COLLECTION} from the tenant-user events, always scoped by the event's
 * tenant.
 *
 * <p>Idempotent although user events share the tenant aggregate's sequence numbers: {@code TenantUserAdded} inserts
 * unless the user's document exists (duplicate key = already applied); every later event updates only that user's
 * document, only while its {@code version} is below the event's sequence, and sets {@code version} to it. Since a
 * tenant's events arrive in sequence order, a redelivered or replayed event finds the version at or past its own and
 * changes nothing. A removed user's tombstone takes no further change.
 */
@Component
public class UserProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(UserProjection.class);

    private final TenantScopedMongo mongo;
    private final MongoSchema schema;

    public UserProjection(TenantScopedMongo mongo, MongoSchema schema) {
        this.mongo = mongo;
        this.schema = schema;
    }

    @Override
    public void createIndexes() {
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(USER_ID, Sort.Direction.ASC)
                .unique().named("tenantId_userId_unique"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(EMAIL, Sort.Direction.ASC)
                .named("tenantId_email"));
        schema.ensureIndex(COLLECTION, new Index()
                .on(TENANT_ID, Sort.Direction.ASC).on(STATUS, Sort.Direction.ASC).on(CREATED_AT, Sort.Direction.ASC)
                .named("tenantId_status_createdAt"));
        // the cross-tenant probe after a miss looks a user id up without its tenant
        schema.ensureIndex(COLLECTION, new Index().on(USER_ID, Sort.Direction.ASC).named("userId"));
    }

    @Override
    public void apply(ReceivedEvent event) {
        TenantEvent payload = event.payload();
        if (payload instanceof TenantUserAdded added) {
            insert(added, event);
            return;
        }
        UserId userId = userOf(payload);
        Document changes = userId == null ? null : changeFor(payload, event);
        if (changes != null) {
            applyIfNewer(event.tenantId(), userId, changes, event);
        }
    }

    private void insert(TenantUserAdded added, ReceivedEvent event) {
        Instant addedAt = orOccurredAt(added.addedAt(), event);
        Set<Permission> granted = added.permissions() != null ? added.permissions()
                : added.role() == null ? Set.of() : added.role().defaultPermissions();
        Document user = new Document(ID, id(added.tenantId(), added.userId()))
                .append(USER_ID, added.userId().value())
                .append(NAME, added.profile() == null ? null : added.profile().name())
                .append(EMAIL, added.profile() == null ? null : added.profile().email())
                .append(ROLE, added.role() == null ? null : added.role().wireName())
                .append(PERMISSIONS, permissions(granted))
                .append(STATUS, UserStatus.ACTIVE.wireName())
                .append(STATUS_REASON, null)
                .append(MFA_ENABLED, false)
                .append(LAST_LOGIN_AT, null)
                .append(LOCKED_UNTIL, null)
                .append(PASSWORD_CHANGED_AT, null)
                .append(DEACTIVATED_AT, null)
                .append(REMOVED_AT, null)
                .append(CREATED_AT, date(addedAt))
                .append(UPDATED_AT, date(addedAt))
                .append(VERSION, event.sequence());
        if (!mongo.insertIfAbsent(added.tenantId(), UserDocuments.COLLECTION, user)) {
            log.debug("User {} already exists: TenantUserAdded was applied before", added.userId());
        }
    }

    @Nullable
    private static UserId userOf(TenantEvent payload) {
        if (payload instanceof TenantUserRoleChanged changed) {
            return changed.userId();
        }
        if (payload instanceof TenantUserPermissionsChanged changed) {
            return changed.userId();
        }
        if (payload instanceof TenantUserDeactivated deactivated) {
            return deactivated.userId();
        }
        if (payload instanceof TenantUserReactivated reactivated) {
            return reactivated.userId();
        }
        if (payload instanceof TenantUserRemoved removed) {
            return removed.userId();
        }
        if (payload instanceof TenantUserPasswordChanged changed) {
            return changed.userId();
        }
        if (payload instanceof TenantUserMfaEnabled enabled) {
            return enabled.userId();
        }
        if (payload instanceof TenantUserMfaDisabled disabled) {
            return disabled.userId();
        }
        if (payload instanceof TenantUserLoggedIn loggedIn) {
            return loggedIn.userId();
        }
        if (payload instanceof TenantUserLockedOut lockedOut) {
            return lockedOut.userId();
        }
        return null;
    }

    /**
     * The fields an event sets on an existing user document, or null for events this read model ignores. A login is
     * activity, not a change of the user, so it leaves {@code updatedAt} alone.
     */
    @Nullable
    private static Document changeFor(TenantEvent payload, ReceivedEvent event) {
        if (payload instanceof TenantUserRoleChanged changed) {
            Set<Permission> granted = changed.permissions() != null ? changed.permissions()
                    : changed.role() == null ? Set.of() : changed.role().defaultPermissions();
            return new Document(ROLE, roleName(changed.role()))
                    .append(PERMISSIONS, permissions(granted))
                    .append(UPDATED_AT, date(orOccurredAt(changed.changedAt(), event)));
        }
        if (payload instanceof TenantUserPermissionsChanged changed) {
            return new Document(PERMISSIONS, permissions(changed.permissions()))
                    .append(UPDATED_AT, date(orOccurredAt(changed.changedAt(), event)));
        }
        if (payload instanceof TenantUserDeactivated deactivated) {
            Instant at = orOccurredAt(deactivated.deactivatedAt(), event);
            return new Document(STATUS, UserStatus.INACTIVE.wireName())
                    .append(STATUS_REASON, deactivated.reason())
                    .append(DEACTIVATED_AT, date(at))
                    .append(UPDATED_AT, date(at));
        }
        if (payload instanceof TenantUserReactivated reactivated) {
            return new Document(STATUS, UserStatus.ACTIVE.wireName())
                    .append(STATUS_REASON, null)
                    .append(DEACTIVATED_AT, null)
                    .append(UPDATED_AT, date(orOccurredAt(reactivated.reactivatedAt(), event)));
        }
        if (payload instanceof TenantUserRemoved removed) {
            Instant at = orOccurredAt(removed.removedAt(), event);
            return new Document(STATUS, UserStatus.REMOVED.wireName())
                    .append(NAME, null)
                    .append(EMAIL, null)
                    .append(STATUS_REASON, null)
                    .append(LOCKED_UNTIL, null)
                    .append(REMOVED_AT, date(at))
                    .append(UPDATED_AT, date(at));
        }
        if (payload instanceof TenantUserPasswordChanged changed) {
            Instant at = orOccurredAt(changed.changedAt(), event);
            return new Document(PASSWORD_CHANGED_AT, date(at)).append(UPDATED_AT, date(at));
        }
        if (payload instanceof TenantUserMfaEnabled enabled) {
            return new Document(MFA_ENABLED, true)
                    .append(UPDATED_AT, date(orOccurredAt(enabled.enabledAt(), event)));
        }
        if (payload instanceof TenantUserMfaDisabled disabled) {
            return new Document(MFA_ENABLED, false)
                    .append(UPDATED_AT, date(orOccurredAt(disabled.disabledAt(), event)));
        }
        if (payload instanceof TenantUserLoggedIn loggedIn) {
            return new Document(LAST_LOGIN_AT, date(orOccurredAt(loggedIn.loggedInAt(), event)));
        }
        if (payload instanceof TenantUserLockedOut lockedOut) {
            return new Document(LOCKED_UNTIL, date(lockedOut.lockedUntil()))
                    .append(UPDATED_AT, date(event.occurredAt()));
        }
        return null;
    }

    private void applyIfNewer(TenantId tenantId, UserId userId, Document changes, ReceivedEvent event) {
        Document thisUser = new Document(ID, id(tenantId, userId));
        boolean applied = mongo.updateOne(tenantId, COLLECTION,
                new Document(thisUser)
                        .append(VERSION, new Document("$lt", event.sequence()))
                        .append(STATUS, new Document("$ne", UserStatus.REMOVED.wireName())),
                new Document("$set", new Document(changes).append(VERSION, event.sequence())));
        if (applied) {
            return;
        }
        if (mongo.exists(tenantId, COLLECTION, thisUser)) {
            log.debug("User {} is removed or already at or past #{}: event ignored", userId, event.sequence());
        } else {
            log.warn("No user document for {}: {} #{} ignored", userId, event.envelope().type(), event.sequence());
        }
    }

    @Nullable
    private static String roleName(@Nullable Role role) {
        return role == null ? null : role.wireName();
    }

    private static Instant orOccurredAt(@Nullable Instant instant, ReceivedEvent event) {
        return instant == null ? event.occurredAt() : instant;
    }
}
