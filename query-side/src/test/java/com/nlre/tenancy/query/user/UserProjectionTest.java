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
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.PageParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant_users read model, projected into an in-memory MongoDB without Spring. */
class UserProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T12:00:00Z");
    private static final Instant NOW = T0.plusSeconds(3_600);

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final UserId owner = UserId.generate();
    private final UserId agent = UserId.generate();
    private MongoTemplate template;
    private UserProjection projection;
    private UserReadModel users;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        template = mongo.freshTemplate();
        TenantScopedMongo scoped = new TenantScopedMongo(template);
        projection = new UserProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        users = new UserReadModel(scoped, new CrossTenantMongo(template, new SimpleMeterRegistry()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void storesAnAddedUserWithProfileRoleAndTheRolesPermissions() {
        apply(TestEvents.userAdded(tenantId, agent, "Jane Smith", "jane@acmere.test", Role.AGENT, T0), 2);

        UserView view = users.find(tenantId, agent).orElseThrow();
        assertThat(view.userId()).isEqualTo(agent.value());
        assertThat(view.name()).isEqualTo("Jane Smith");
        assertThat(view.email()).isEqualTo("jane@acmere.test");
        assertThat(view.role()).isEqualTo(Role.AGENT);
        assertThat(view.permissions()).containsExactly(Permission.LEADS_READ, Permission.LEADS_WRITE,
                Permission.CALLS_INITIATE);
        assertThat(view.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(view.mfaEnabled()).isFalse();
        assertThat(view.createdAt()).isEqualTo(T0);
        assertThat(view.version()).isEqualTo(2);
        Document stored = storedDocument(agent);
        assertThat(stored.getString("tenantId")).isEqualTo(tenantId.value());
        assertThat(stored.getList("permissions", String.class)).containsExactly("leads.read", "leads.write",
                "calls.initiate");
        assertThat(stored).doesNotContainKeys("_class", "password", "passwordHash", "mfaSecret");
    }

    @Test
    void grantsTheRolesDefaultPermissionsWhenTheEventCarriesNone() {
        apply(new TenantUserAdded(tenantId, agent, new UserProfile("Jane", "jane@acmere.test"), Role.VIEWER, null, T0), 1);

        assertThat(users.find(tenantId, agent).orElseThrow().permissions())
                .containsExactlyInAnyOrderElementsOf(Role.VIEWER.defaultPermissions());
    }

    @Test
    void followsEveryChangeOfTheUser() {
        apply(TestEvents.userAdded(tenantId, agent, "Jane", "jane@acmere.test", Role.AGENT, T0), 1);
        apply(new TenantUserRoleChanged(tenantId, agent, Role.AGENT, Role.ADMIN, Set.of(Permission.USERS_MANAGE),
                T0.plusSeconds(1)), 2);
        apply(new TenantUserPermissionsChanged(tenantId, agent, Set.of(Permission.AUDIT_READ, Permission.LEADS_READ),
                T0.plusSeconds(2)), 3);
        apply(new TenantUserPasswordChanged(tenantId, agent, T0.plusSeconds(3)), 4);
        apply(new TenantUserMfaEnabled(tenantId, agent, T0.plusSeconds(4)), 5);
        apply(new TenantUserLoggedIn(tenantId, agent, T0.plusSeconds(5)), 6);
        apply(new TenantUserLockedOut(tenantId, agent, NOW.plusSeconds(900)), 7);
        apply(new TenantUserDeactivated(tenantId, agent, "left for vacation", T0.plusSeconds(7)), 8);

        UserView view = users.find(tenantId, agent).orElseThrow();
        assertThat(view.role()).isEqualTo(Role.ADMIN);
        assertThat(view.permissions()).containsExactly(Permission.LEADS_READ, Permission.AUDIT_READ);
        assertThat(view.passwordChangedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(view.mfaEnabled()).isTrue();
        assertThat(view.lastLoginAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(view.lockedUntil()).isEqualTo(NOW.plusSeconds(900));
        assertThat(view.locked()).isTrue();
        assertThat(view.status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(view.statusReason()).isEqualTo("left for vacation");
        assertThat(view.deactivatedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(view.version()).isEqualTo(8);

        apply(new TenantUserReactivated(tenantId, agent, T0.plusSeconds(9)), 9);
        apply(new TenantUserMfaDisabled(tenantId, agent, T0.plusSeconds(10)), 10);
        UserView reactivated = users.find(tenantId, agent).orElseThrow();
        assertThat(reactivated.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(reactivated.statusReason()).isNull();
        assertThat(reactivated.deactivatedAt()).isNull();
        assertThat(reactivated.mfaEnabled()).isFalse();
        assertThat(reactivated.updatedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aLoginIsActivityAndLeavesUpdatedAtAlone() {
        apply(TestEvents.userAdded(tenantId, agent, "Jane", "jane@acmere.test", Role.AGENT, T0), 1);
        apply(new TenantUserLoggedIn(tenantId, agent, T0.plusSeconds(30)), 2);

        assertThat(users.find(tenantId, agent).orElseThrow().updatedAt()).isEqualTo(T0);
    }

    @Test
    void reportsALockOnlyWhileItLasts() {
        apply(TestEvents.userAdded(tenantId, agent, "Jane", "jane@acmere.test", Role.AGENT, T0), 1);
        apply(new TenantUserLockedOut(tenantId, agent, NOW.minusSeconds(1)), 2);

        assertThat(users.find(tenantId, agent).orElseThrow().locked()).isFalse();
    }

    @Test
    void appliesEachEventOnceEvenWhenTheWholeHistoryIsRedelivered() {
        List<TenantEvent> history = interleavedHistory();
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i + 1);
        }
        List<Document> afterFirstDelivery = allDocuments();

        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i + 1);
        }

        assertThat(allDocuments()).isEqualTo(afterFirstDelivery);
        assertThat(afterFirstDelivery).hasSize(2);
    }

    @Test
    void ignoresOldEventsArrivingAfterNewerOnes() {
        List<TenantEvent> history = interleavedHistory();
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i + 1);
        }
        List<Document> current = allDocuments();

        for (int i = history.size() - 1; i >= 0; i--) {
            apply(history.get(i), i + 1);
        }

        assertThat(allDocuments()).isEqualTo(current);
        assertThat(users.find(tenantId, agent).orElseThrow().role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void keepsARemovedUserAsATombstoneWithoutPersonalDataThatNoReplayRevives() {
        TenantUserAdded added = TestEvents.userAdded(tenantId, agent, "Jane", "jane@acmere.test", Role.AGENT, T0);
        apply(added, 1);
        apply(new TenantUserRemoved(tenantId, agent, T0.plusSeconds(5)), 2);

        apply(added, 1);
        apply(new TenantUserReactivated(tenantId, agent, T0.plusSeconds(6)), 3);

        UserView removed = users.find(tenantId, agent).orElseThrow();
        assertThat(removed.status()).isEqualTo(UserStatus.REMOVED);
        assertThat(removed.name()).isNull();
        assertThat(removed.email()).isNull();
        assertThat(removed.removedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(removed.version()).isEqualTo(2);
        assertThat(storedDocument(agent).toJson()).doesNotContain("jane@acmere.test", "Jane");
    }

    @Test
    void keepsTwoTenantsUsersWithTheSameEmailApart() {
        TenantId other = TenantId.generate();
        UserId otherOwner = UserId.generate();
        apply(TestEvents.userAdded(tenantId, owner, "John Doe", "john@acmere.test", Role.OWNER, T0), 1);
        apply(TestEvents.userAdded(other, otherOwner, "John Doe", "john@acmere.test", Role.OWNER, T0), 1);

        apply(new TenantUserDeactivated(other, otherOwner, "billing dispute", T0.plusSeconds(1)), 2);

        assertThat(users.find(tenantId, owner).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(users.find(other, otherOwner).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(users.find(tenantId, otherOwner)).isEmpty();
        assertThat(users.list(tenantId, null, null, new PageParameters(0, 10)).items())
                .extracting(UserView::userId).containsExactly(owner.value());
    }

    @Test
    void findsWhichTenantHoldsAnIdOnlyThroughTheProbe() {
        TenantId other = TenantId.generate();
        apply(TestEvents.userAdded(other, agent, "Jane", "jane@acmere.test", Role.AGENT, T0), 1);

        assertThat(users.find(tenantId, agent)).isEmpty();
        assertThat(users.tenantHolding(agent)).contains(other);
        assertThat(users.tenantHolding(UserId.generate())).isEmpty();
    }

    @Test
    void listsOldestFirstFilteredByRoleAndStatusLeavingRemovedUsersOutUnlessAsked() {
        List<UserId> agents = new ArrayList<>();
        apply(TestEvents.userAdded(tenantId, owner, "John", "john@acmere.test", Role.OWNER, T0), 1);
        for (int i = 0; i < 4; i++) {
            UserId id = UserId.generate();
            agents.add(id);
            apply(TestEvents.userAdded(tenantId, id, "Agent " + i, "agent" + i + "@acmere.test", Role.AGENT,
                    T0.plusSeconds(i + 1)), i + 2);
        }
        apply(new TenantUserDeactivated(tenantId, agents.get(1), "on leave", T0.plusSeconds(10)), 6);
        apply(new TenantUserRemoved(tenantId, agents.get(2), T0.plusSeconds(11)), 7);

        UserPage everyone = users.list(tenantId, null, null, new PageParameters(0, 10));
        assertThat(everyone.items()).extracting(UserView::userId).containsExactly(owner.value(),
                agents.get(0).value(), agents.get(1).value(), agents.get(3).value());
        UserPage activeAgents = users.list(tenantId, Role.AGENT, UserStatus.ACTIVE, new PageParameters(0, 1));
        assertThat(activeAgents.totalItems()).isEqualTo(2);
        assertThat(activeAgents.totalPages()).isEqualTo(2);
        assertThat(activeAgents.items()).extracting(UserView::userId).containsExactly(agents.get(0).value());
        assertThat(users.list(tenantId, Role.AGENT, UserStatus.ACTIVE, new PageParameters(1, 1)).items())
                .extracting(UserView::userId).containsExactly(agents.get(3).value());
        assertThat(users.list(tenantId, null, UserStatus.REMOVED, new PageParameters(0, 10)).items())
                .extracting(UserView::userId).containsExactly(agents.get(2).value());
    }

    @Test
    void declaresAUniqueIndexOnTenantAndUserId() {
        List<IndexInfo> indexes = template.indexOps(UserDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.getName()).isEqualTo("tenantId_userId_unique");
            assertThat(index.isUnique()).isTrue();
        });
        assertThat(indexes).extracting(IndexInfo::getName).contains("tenantId_email", "userId");
        template.insert(new Document("_id", "one").append("tenantId", tenantId.value()).append("userId", "user_x"),
                UserDocuments.COLLECTION);
        assertThatThrownBy(() -> template.insert(new Document("_id", "two").append("tenantId", tenantId.value())
                .append("userId", "user_x"), UserDocuments.COLLECTION)).isInstanceOf(DuplicateKeyException.class);
    }

    /** Two users' events interleaved in one tenant stream, as the Tenant aggregate numbers them. */
    private List<TenantEvent> interleavedHistory() {
        return List.of(
                TestEvents.userAdded(tenantId, owner, "John", "john@acmere.test", Role.OWNER, T0),
                TestEvents.userAdded(tenantId, agent, "Jane", "jane@acmere.test", Role.AGENT, T0.plusSeconds(1)),
                new TenantUserMfaEnabled(tenantId, owner, T0.plusSeconds(2)),
                new TenantUserRoleChanged(tenantId, agent, Role.AGENT, Role.ADMIN, Role.ADMIN.defaultPermissions(),
                        T0.plusSeconds(3)),
                new TenantUserLoggedIn(tenantId, owner, T0.plusSeconds(4)),
                new TenantUserDeactivated(tenantId, agent, "left", T0.plusSeconds(5)),
                new TenantUserReactivated(tenantId, agent, T0.plusSeconds(6)),
                new TenantUserRoleChanged(tenantId, agent, Role.ADMIN, Role.VIEWER, Role.VIEWER.defaultPermissions(),
                        T0.plusSeconds(7)));
    }

    private void apply(TenantEvent event, long sequence) {
        projection.apply(TestEvents.received(event, sequence));
    }

    private Document storedDocument(UserId userId) {
        return template.getCollection(UserDocuments.COLLECTION)
                .find(new Document("_id", tenantId.value() + "/" + userId.value())).first();
    }

    private List<Document> allDocuments() {
        return template.getCollection(UserDocuments.COLLECTION).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }
}
