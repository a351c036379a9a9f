package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenants read model, projected into an in-memory MongoDB without Spring. */
class TenantProjectionTest {

    private static final Instant CREATED_AT = Instant.parse("2026-11-10T12:00:00Z");

    private static InMemoryMongo mongo;

    private MongoTemplate template;
    private TenantProjection projection;
    private TenantReadModel readModel;
    private final TenantId tenantId = TenantId.generate();

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
        projection = new TenantProjection(new TenantScopedMongo(template), new MongoSchema(template));
        projection.createIndexes();
        readModel = new TenantReadModel(new CrossTenantMongo(template, new SimpleMeterRegistry()));
    }

    @Test
    void createsOneActiveTenantDocumentKeyedByTenantId() {
        apply(TestEvents.created(tenantId, Plan.PROFESSIONAL, CREATED_AT), 0);

        Document stored = storedDocument();
        assertThat(stored.getString("_id")).isEqualTo(tenantId.value());
        assertThat(stored.getString("tenantId")).isEqualTo(tenantId.value());
        assertThat(stored.getString("status")).isEqualTo("active");
        assertThat(stored.getString("plan")).isEqualTo("professional");
        assertThat(stored.getString("businessType")).isEqualTo("wholesale");
        assertThat(stored.get("owner", Document.class).getString("email")).isEqualTo("john@acmere.test");
        assertThat(stored.getDate("createdAt").toInstant()).isEqualTo(CREATED_AT);
        assertThat(stored.get("version", Number.class).longValue()).isZero();
        assertThat(stored).doesNotContainKey("_class");
        assertThat(template.getCollection(TenantDocuments.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void readsBackEveryValueTheCreationCarried() {
        TenantCreated created = TestEvents.created(tenantId, Plan.ENTERPRISE, CREATED_AT);
        apply(created, 0);

        TenantView view = readModel.find(tenantId).orElseThrow();

        assertThat(view.tenantId()).isEqualTo(tenantId.value());
        assertThat(view.businessName()).isEqualTo(created.businessName());
        assertThat(view.businessType()).isEqualTo(BusinessType.WHOLESALE);
        assertThat(view.owner()).isEqualTo(created.owner());
        assertThat(view.plan()).isEqualTo(Plan.ENTERPRISE);
        assertThat(view.limits()).isEqualTo(created.limits());
        assertThat(view.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(view.trialEndsAt()).isEqualTo(created.trialEndsAt());
        assertThat(view.subscriptionEndsAt()).isEqualTo(created.subscriptionEndsAt());
        assertThat(view.configuration()).isEqualTo(created.configuration());
        assertThat(view.branding()).isEqualTo(created.branding());
        assertThat(view.createdAt()).isEqualTo(CREATED_AT);
        assertThat(view.updatedAt()).isEqualTo(CREATED_AT);
        assertThat(view.version()).isZero();
    }

    @Test
    void followsTheLifecycleFromSuspensionToCancellation() {
        apply(TestEvents.created(tenantId, Plan.STARTER, CREATED_AT), 0);
        Instant suspendedAt = CREATED_AT.plusSeconds(60);
        apply(new TenantSuspended(tenantId, "unpaid invoice", suspendedAt), 1);

        TenantView suspended = readModel.find(tenantId).orElseThrow();
        assertThat(suspended.status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(suspended.statusReason()).isEqualTo("unpaid invoice");
        assertThat(suspended.suspendedAt()).isEqualTo(suspendedAt);
        assertThat(suspended.updatedAt()).isEqualTo(suspendedAt);

        apply(new TenantReactivated(tenantId, CREATED_AT.plusSeconds(120)), 2);
        TenantView reactivated = readModel.find(tenantId).orElseThrow();
        assertThat(reactivated.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(reactivated.statusReason()).isNull();
        assertThat(reactivated.suspendedAt()).isNull();

        Instant canceledAt = CREATED_AT.plusSeconds(180);
        apply(new TenantCanceled(tenantId, "closed the business", canceledAt), 3);
        TenantView canceled = readModel.find(tenantId).orElseThrow();
        assertThat(canceled.status()).isEqualTo(TenantStatus.CANCELED);
        assertThat(canceled.statusReason()).isEqualTo("closed the business");
        assertThat(canceled.canceledAt()).isEqualTo(canceledAt);
        assertThat(canceled.retentionEndsAt()).as("recorded before retention ends were: the default period")
                .isEqualTo(canceledAt.plus(Duration.ofDays(30)));
        assertThat(canceled.version()).isEqualTo(3);
    }

    @Test
    void aCanceledTenantShowsItsRetentionEndAndAnOffboardedOneOnlyItsRecord() {
        projection = new TenantProjection(new TenantScopedMongo(template), new MongoSchema(template),
                Duration.ofDays(7));
        apply(TestEvents.created(tenantId, Plan.PROFESSIONAL, CREATED_AT), 0);
        Instant canceledAt = CREATED_AT.plusSeconds(60);
        Instant retentionEndsAt = canceledAt.plus(Duration.ofDays(45));
        apply(new TenantCanceled(tenantId, "closed the business", canceledAt, retentionEndsAt), 1);
        assertThat(readModel.find(tenantId).orElseThrow().retentionEndsAt()).as("as recorded")
                .isEqualTo(retentionEndsAt);

        Instant offboardedAt = retentionEndsAt.plusSeconds(5);
        apply(new TenantOffboarded(tenantId, canceledAt, retentionEndsAt, offboardedAt), 2);
        apply(new TenantCanceled(tenantId, "redelivered", canceledAt, retentionEndsAt), 1);

        TenantView offboarded = readModel.find(tenantId).orElseThrow();
        assertThat(offboarded.status()).isEqualTo(TenantStatus.OFFBOARDED);
        assertThat(offboarded.statusReason()).as("its period ran its course").isNull();
        assertThat(offboarded.canceledAt()).isEqualTo(canceledAt);
        assertThat(offboarded.retentionEndsAt()).isEqualTo(retentionEndsAt);
        assertThat(offboarded.offboardedAt()).isEqualTo(offboardedAt);
        assertThat(offboarded.owner()).isNull();
        assertThat(offboarded.businessName()).isNull();
        assertThat(offboarded.configuration()).isNull();
        assertThat(offboarded.branding()).isNull();
        assertThat(offboarded.plan()).isEqualTo(Plan.PROFESSIONAL);
        assertThat(readModel.standingOf(tenantId)).hasValueSatisfying(standing ->
                assertThat(standing.status()).isEqualTo(TenantStatus.OFFBOARDED));
    }

    @Test
    void showsTheTrialEndingTheSuspensionItCausedAndTheRenewalThatLiftsIt() {
        TenantCreated created = TestEvents.created(tenantId, Plan.STARTER, CREATED_AT);
        apply(created, 0);
        Instant trialEnded = created.trialEndsAt().plusSeconds(2);
        String reason = "The trial ended at " + created.trialEndsAt() + " without a paid subscription.";
        apply(new TenantTrialEnded(tenantId, created.trialEndsAt(), trialEnded), 1);
        apply(new TenantSuspended(tenantId, reason, trialEnded), 2);

        TenantView suspended = readModel.find(tenantId).orElseThrow();
        assertThat(suspended.status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(suspended.statusReason()).isEqualTo(reason);
        assertThat(suspended.suspendedAt()).isEqualTo(trialEnded);
        assertThat(suspended.trialEndsAt()).isEqualTo(created.trialEndsAt());

        Instant renewedAt = trialEnded.plusSeconds(3600);
        Instant subscriptionEndsAt = renewedAt.plusSeconds(30L * 24 * 3600);
        apply(new TenantSubscriptionChanged(tenantId, null, subscriptionEndsAt, renewedAt), 3);
        apply(new TenantReactivated(tenantId, renewedAt), 4);

        TenantView renewed = readModel.find(tenantId).orElseThrow();
        assertThat(renewed.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(renewed.statusReason()).isNull();
        assertThat(renewed.trialEndsAt()).as("the trial is cleared").isNull();
        assertThat(renewed.subscriptionEndsAt()).isEqualTo(subscriptionEndsAt);
        assertThat(renewed.updatedAt()).isEqualTo(renewedAt);
        assertThat(renewed.version()).isEqualTo(4);

        Instant lapsed = subscriptionEndsAt.plusSeconds(1);
        apply(new TenantSubscriptionLapsed(tenantId, subscriptionEndsAt, lapsed), 5);
        apply(new TenantSuspended(tenantId, "The subscription ended.", lapsed), 6);
        assertThat(readModel.find(tenantId).orElseThrow().statusReason()).isEqualTo("The subscription ended.");
    }

    @Test
    void aRedeliveredDateChangeDoesNotUndoALaterOne() {
        apply(TestEvents.created(tenantId, Plan.STARTER, CREATED_AT), 0);
        Instant first = CREATED_AT.plusSeconds(7L * 24 * 3600);
        Instant second = CREATED_AT.plusSeconds(60L * 24 * 3600);
        apply(new TenantSubscriptionChanged(tenantId, first, null, CREATED_AT.plusSeconds(1)), 1);
        apply(new TenantSubscriptionChanged(tenantId, null, second, CREATED_AT.plusSeconds(2)), 2);
        apply(new TenantSubscriptionChanged(tenantId, first, null, CREATED_AT.plusSeconds(1)), 1);

        TenantView view = readModel.find(tenantId).orElseThrow();
        assertThat(view.trialEndsAt()).isNull();
        assertThat(view.subscriptionEndsAt()).isEqualTo(second);
    }

    @Test
    void replacesPlanConfigurationAndBrandingWhole() {
        apply(TestEvents.created(tenantId, Plan.STARTER, CREATED_AT), 0);
        PlanLimits unlimitedLeads = new PlanLimits(null, 20_000L, 10, 50, 1_000);
        var configuration = TestEvents.configuration("America/New_York");
        Branding branding = new Branding(null, "#000000", "#ffffff", "Roboto");

        apply(new TenantPlanChanged(tenantId, Plan.STARTER, Plan.ENTERPRISE, unlimitedLeads,
                TestEvents.pricing(Plan.ENTERPRISE), CREATED_AT.plusSeconds(1)), 1);
        apply(new TenantConfigurationUpdated(tenantId, configuration, CREATED_AT.plusSeconds(2)), 2);
        apply(new TenantBrandingUpdated(tenantId, branding, CREATED_AT.plusSeconds(3)), 3);

        TenantView view = readModel.find(tenantId).orElseThrow();
        assertThat(view.plan()).isEqualTo(Plan.ENTERPRISE);
        assertThat(view.limits()).isEqualTo(unlimitedLeads);
        assertThat(view.configuration()).isEqualTo(configuration);
        assertThat(view.configuration().tcpa().callWindowStart()).isEqualTo(LocalTime.of(9, 0));
        assertThat(view.configuration().ai().temperature()).isEqualByComparingTo(new BigDecimal("0.7"));
        assertThat(view.branding()).isEqualTo(branding);
        assertThat(view.updatedAt()).isEqualTo(CREATED_AT.plusSeconds(3));
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void appliesEachEventOnceEvenWhenRedelivered() {
        List<TenantEvent> history = lifecycle();
        for (int sequence = 0; sequence < history.size(); sequence++) {
            apply(history.get(sequence), sequence);
        }
        Document afterFirstDelivery = storedDocument();

        for (int sequence = 0; sequence < history.size(); sequence++) {
            apply(history.get(sequence), sequence);
        }

        assertThat(storedDocument()).isEqualTo(afterFirstDelivery);
        assertThat(template.getCollection(TenantDocuments.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void ignoresOldEventsArrivingOutOfOrder() {
        List<TenantEvent> history = lifecycle();
        for (int sequence = 0; sequence < history.size(); sequence++) {
            apply(history.get(sequence), sequence);
        }
        Document current = storedDocument();

        for (int sequence = history.size() - 2; sequence >= 0; sequence--) {
            apply(history.get(sequence), sequence);
        }

        assertThat(storedDocument()).isEqualTo(current);
        assertThat(readModel.find(tenantId).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
    }

    @Test
    void ignoresAChangeForATenantItNeverSawCreated() {
        apply(new TenantSuspended(tenantId, "unpaid invoice", CREATED_AT), 1);

        assertThat(readModel.find(tenantId)).isEmpty();
        assertThat(template.getCollection(TenantDocuments.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void changesOnlyTheTenantTheEventBelongsTo() {
        TenantId other = TenantId.generate();
        apply(TestEvents.created(tenantId, Plan.FREE, CREATED_AT), 0);
        apply(TestEvents.created(other, Plan.FREE, CREATED_AT), 0);

        apply(new TenantSuspended(tenantId, "unpaid invoice", CREATED_AT.plusSeconds(5)), 1);

        assertThat(readModel.find(tenantId).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(readModel.find(other).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
    }

    @Test
    void declaresAUniqueTenantIdIndexAndTheListingIndexes() {
        List<IndexInfo> indexes = template.indexOps(TenantDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.getName()).isEqualTo("tenantId_unique");
            assertThat(index.isUnique()).isTrue();
        });
        template.insert(new Document("_id", "another").append("tenantId", tenantId.value()), TenantDocuments.COLLECTION);
        assertThatThrownBy(() -> template.insert(new Document("_id", "yet-another").append("tenantId", tenantId.value()),
                TenantDocuments.COLLECTION)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listsNewestFirstFilteredByStatusAndPlanPageByPage() {
        List<TenantId> enterprise = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TenantId id = TenantId.generate();
            enterprise.add(id);
            apply(TestEvents.created(id, Plan.ENTERPRISE, CREATED_AT.plusSeconds(i)), 0);
        }
        apply(TestEvents.created(TenantId.generate(), Plan.FREE, CREATED_AT.plusSeconds(10)), 0);
        apply(new TenantSuspended(enterprise.get(0), "unpaid invoice", CREATED_AT.plusSeconds(20)), 1);

        TenantPage firstPage = readModel.list(TenantStatus.ACTIVE, Plan.ENTERPRISE, 0, 3);
        TenantPage secondPage = readModel.list(TenantStatus.ACTIVE, Plan.ENTERPRISE, 1, 3);

        assertThat(firstPage.totalItems()).isEqualTo(4);
        assertThat(firstPage.totalPages()).isEqualTo(2);
        assertThat(firstPage.items()).extracting(TenantView::tenantId)
                .containsExactly(enterprise.get(4).value(), enterprise.get(3).value(), enterprise.get(2).value());
        assertThat(secondPage.items()).extracting(TenantView::tenantId).containsExactly(enterprise.get(1).value());
        assertThat(readModel.list(null, null, 0, 100).totalItems()).isEqualTo(6);
        assertThat(readModel.list(TenantStatus.SUSPENDED, null, 0, 100).items()).extracting(TenantView::tenantId)
                .containsExactly(enterprise.get(0).value());
    }

    private List<TenantEvent> lifecycle() {
        return List.of(
                TestEvents.created(tenantId, Plan.STARTER, CREATED_AT),
                new TenantPlanChanged(tenantId, Plan.STARTER, Plan.PROFESSIONAL,
                        new PlanLimits(10_000L, 5_000L, 4, 10, 100), TestEvents.pricing(Plan.PROFESSIONAL),
                        CREATED_AT.plusSeconds(1)),
                new TenantSuspended(tenantId, "unpaid invoice", CREATED_AT.plusSeconds(2)),
                new TenantConfigurationUpdated(tenantId, TestEvents.configuration("America/Chicago"),
                        CREATED_AT.plusSeconds(3)),
                new TenantBrandingUpdated(tenantId, new Branding(null, "#111111", "#222222", "Inter"),
                        CREATED_AT.plusSeconds(4)),
                new TenantReactivated(tenantId, CREATED_AT.plusSeconds(5)));
    }

    private void apply(TenantEvent event, long sequence) {
        ReceivedEvent received = TestEvents.received(event, sequence);
        projection.apply(received);
    }

    private Document storedDocument() {
        return template.getCollection(TenantDocuments.COLLECTION).find(new Document("_id", tenantId.value())).first();
    }
}
