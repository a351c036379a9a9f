package com.nlre.tenancy.query.apikey;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.ApiKeyRevoked;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.UserId;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The api_keys read model, projected into an in-memory MongoDB without Spring; status computed at a fixed clock. */
class ApiKeyProjectionTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final UserId owner = UserId.generate();
    private MongoTemplate template;
    private ApiKeyProjection projection;
    private TenantScopedMongo scoped;
    private CrossTenantMongo crossTenant;

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
        scoped = new TenantScopedMongo(template);
        crossTenant = new CrossTenantMongo(template, new SimpleMeterRegistry());
        projection = new ApiKeyProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
    }

    @Test
    void storesAnIssuedKeyWithItsDisplayPartsOnly() {
        ApiKeyId keyId = ApiKeyId.generate();
        ApiKeyIssued issued = TestEvents.apiKeyIssued(tenantId, keyId, owner,
                Set.of(Permission.LEADS_WRITE, Permission.LEADS_READ), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));
        apply(issued, 4);

        ApiKeyView view = keysAt(NOW).find(tenantId, keyId).orElseThrow();
        assertThat(view.keyId()).isEqualTo(keyId.value());
        assertThat(view.name()).isEqualTo("CRM sync");
        assertThat(view.displayPrefix()).isEqualTo("nlre_" + tenantId + "_sk_live_");
        assertThat(view.lastFour()).isEqualTo("x7Qa");
        assertThat(view.scopes()).containsExactly(Permission.LEADS_READ, Permission.LEADS_WRITE);
        assertThat(view.createdBy()).isEqualTo(owner.value());
        assertThat(view.createdAt()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(view.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(view.status()).isEqualTo(ApiKeyStatus.ACTIVE);
        assertThat(view.rotationDue()).isFalse();
        assertThat(view.rotationDueAt()).isEqualTo(NOW.plus(Duration.ofDays(89)));
        assertThat(view.version()).isEqualTo(4);
        assertThat(storedDocument(keyId).getString("tenantId")).isEqualTo(tenantId.value());
        assertThat(storedDocument(keyId)).doesNotContainKeys("_class", "key", "hash", "keyHash");
    }

    @Test
    void computesExpiryAndTheRotationPolicyWhenRead() {
        ApiKeyId keyId = ApiKeyId.generate();
        Instant createdAt = NOW.minus(Duration.ofDays(100));
        apply(TestEvents.apiKeyIssued(tenantId, keyId, owner, Set.of(Permission.LEADS_READ), createdAt,
                NOW.plus(Duration.ofDays(10))), 1);

        ApiKeyView dueForRotation = keysAt(NOW).find(tenantId, keyId).orElseThrow();
        assertThat(dueForRotation.status()).isEqualTo(ApiKeyStatus.ACTIVE);
        assertThat(dueForRotation.rotationDue()).isTrue();
        assertThat(keysAt(createdAt.plus(Duration.ofDays(89))).find(tenantId, keyId).orElseThrow().rotationDue())
                .isFalse();

        ApiKeyView expired = keysAt(NOW.plus(Duration.ofDays(10))).find(tenantId, keyId).orElseThrow();
        assertThat(expired.status()).isEqualTo(ApiKeyStatus.EXPIRED);
        assertThat(expired.rotationDue()).isFalse();
    }

    @Test
    void revokesOnceEvenWhenRevocationAndIssueAreRedelivered() {
        ApiKeyId keyId = ApiKeyId.generate();
        ApiKeyIssued issued = TestEvents.apiKeyIssued(tenantId, keyId, owner, Set.of(Permission.LEADS_READ),
                NOW.minusSeconds(60), null);
        ApiKeyRevoked revoked = new ApiKeyRevoked(tenantId, keyId, owner.value(), NOW.minusSeconds(30));
        apply(issued, 1);
        apply(revoked, 2);
        Document afterFirstDelivery = storedDocument(keyId);

        apply(issued, 1);
        apply(revoked, 2);
        apply(new ApiKeyRevoked(tenantId, keyId, "someone-else", NOW), 2);

        assertThat(storedDocument(keyId)).isEqualTo(afterFirstDelivery);
        ApiKeyView view = keysAt(NOW).find(tenantId, keyId).orElseThrow();
        assertThat(view.status()).isEqualTo(ApiKeyStatus.REVOKED);
        assertThat(view.revokedAt()).isEqualTo(NOW.minusSeconds(30));
        assertThat(view.revokedBy()).isEqualTo(owner.value());
    }

    @Test
    void listsNewestFirstByTheStatusTheKeysHaveNow() {
        ApiKeyId active = ApiKeyId.generate();
        ApiKeyId neverExpires = ApiKeyId.generate();
        ApiKeyId expired = ApiKeyId.generate();
        ApiKeyId revoked = ApiKeyId.generate();
        apply(TestEvents.apiKeyIssued(tenantId, active, owner, Set.of(), NOW.minusSeconds(40), NOW.plusSeconds(60)), 1);
        apply(TestEvents.apiKeyIssued(tenantId, neverExpires, owner, Set.of(), NOW.minusSeconds(30), null), 2);
        apply(TestEvents.apiKeyIssued(tenantId, expired, owner, Set.of(), NOW.minusSeconds(20), NOW), 3);
        apply(TestEvents.apiKeyIssued(tenantId, revoked, owner, Set.of(), NOW.minusSeconds(10), null), 4);
        apply(new ApiKeyRevoked(tenantId, revoked, owner.value(), NOW.minusSeconds(5)), 5);
        apply(TestEvents.apiKeyIssued(TenantId.generate(), ApiKeyId.generate(), owner, Set.of(), NOW, null), 1);

        ApiKeyReadModel keys = keysAt(NOW);
        PageParameters all = new PageParameters(0, 10);
        assertThat(keys.list(tenantId, null, all).items()).extracting(ApiKeyView::keyId)
                .containsExactly(revoked.value(), expired.value(), neverExpires.value(), active.value());
        assertThat(keys.list(tenantId, ApiKeyStatus.ACTIVE, all).items()).extracting(ApiKeyView::keyId)
                .containsExactly(neverExpires.value(), active.value());
        assertThat(keys.list(tenantId, ApiKeyStatus.EXPIRED, all).items()).extracting(ApiKeyView::keyId)
                .containsExactly(expired.value());
        assertThat(keys.list(tenantId, ApiKeyStatus.REVOKED, all).items()).extracting(ApiKeyView::keyId)
                .containsExactly(revoked.value());
        assertThat(keys.list(tenantId, null, new PageParameters(1, 3)).items()).extracting(ApiKeyView::keyId)
                .containsExactly(active.value());
    }

    @Test
    void findsAnotherTenantsKeyOnlyThroughTheProbe() {
        TenantId other = TenantId.generate();
        ApiKeyId theirs = ApiKeyId.generate();
        apply(TestEvents.apiKeyIssued(other, theirs, owner, Set.of(), NOW, null), 1);

        assertThat(keysAt(NOW).find(tenantId, theirs)).isEmpty();
        assertThat(keysAt(NOW).tenantHolding(theirs)).contains(other);
        assertThat(template.indexOps(ApiKeyDocuments.COLLECTION).getIndexInfo()).extracting(IndexInfo::getName)
                .contains("tenantId_keyId_unique", "keyId");
    }

    private ApiKeyReadModel keysAt(Instant now) {
        return new ApiKeyReadModel(scoped, crossTenant, Clock.fixed(now, ZoneOffset.UTC));
    }

    private void apply(TenantEvent event, long sequence) {
        projection.apply(TestEvents.received(event, sequence));
    }

    private Document storedDocument(ApiKeyId keyId) {
        return template.getCollection(ApiKeyDocuments.COLLECTION)
                .find(new Document("_id", tenantId.value() + "/" + keyId.value())).first();
    }
}
