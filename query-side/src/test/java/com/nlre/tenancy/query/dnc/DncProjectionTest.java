package com.nlre.tenancy.query.dnc;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The do-not-call read model, projected into an in-memory MongoDB without Spring. */
class DncProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private MongoTemplate template;
    private DncProjection projection;
    private DncReadModel numbers;

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
        projection = new DncProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        numbers = new DncReadModel(scoped);
    }

    @Test
    void listsTheNumbersOnTheListByNumberLeavingRemovedOnesOut() {
        apply(added("+15125550102", "asked not to be called", T0), 0);
        apply(added("+15125550101", "litigator", T0.plusSeconds(1)), 1);
        apply(added("+15125550103", "wrong number", T0.plusSeconds(2)), 2);
        apply(new DoNotCallNumberRemoved(tenantId, "+15125550103", T0.plusSeconds(3)), 3);

        assertThat(numbers.list(tenantId, new CursorParameters(10, null)).items()).containsExactly(
                new DncNumberView("+15125550101", "litigator", T0.plusSeconds(1)),
                new DncNumberView("+15125550102", "asked not to be called", T0));
    }

    @Test
    void endsAsTheLastEventLeftANumberWhateverIsRedelivered() {
        List<TenantEvent> history = List.of(
                added("+15125550101", "asked not to be called", T0),
                new DoNotCallNumberRemoved(tenantId, "+15125550101", T0.plusSeconds(1)),
                added("+15125550101", "asked again", T0.plusSeconds(2)),
                added("+15125550102", "litigator", T0.plusSeconds(3)),
                new DoNotCallNumberRemoved(tenantId, "+15125550102", T0.plusSeconds(4)));
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }
        List<Document> first = all();

        for (int i = history.size() - 1; i >= 0; i--) {
            apply(history.get(i), i);
        }
        for (int i = 0; i < history.size(); i++) {
            apply(history.get(i), i);
        }

        assertThat(all()).isEqualTo(first);
        assertThat(numbers.list(tenantId, new CursorParameters(10, null)).items()).containsExactly(
                new DncNumberView("+15125550101", "asked again", T0.plusSeconds(2)));
    }

    @Test
    void keepsARemovalThatArrivesBeforeTheNumberWasSeenAsATombstone() {
        apply(new DoNotCallNumberRemoved(tenantId, "+15125550101", T0.plusSeconds(1)), 1);
        apply(added("+15125550101", "asked not to be called", T0), 0);

        assertThat(numbers.list(tenantId, new CursorParameters(10, null)).items()).isEmpty();
    }

    @Test
    void pagesThroughTheListAndKeepsTenantsApart() {
        TenantId other = TenantId.generate();
        for (int i = 0; i < 7; i++) {
            apply(added("+1512555010" + i, "reason " + i, T0), i);
            projection.apply(TestEvents.receivedForDnc(new DoNotCallNumberAdded(other, "+1512555010" + i,
                    "theirs", T0), i));
        }

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            DncPage page = numbers.list(tenantId, new CursorParameters(3, cursor));
            page.items().forEach(number -> {
                assertThat(number.reason()).startsWith("reason");
                paged.add(number.phone());
            });
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(paged).containsExactly("+15125550100", "+15125550101", "+15125550102", "+15125550103",
                "+15125550104", "+15125550105", "+15125550106");
    }

    @Test
    void declaresAUniqueTenantFirstIndexOnThePhone() {
        List<IndexInfo> indexes = template.indexOps(DncDocuments.COLLECTION).getIndexInfo();

        assertThat(indexes).filteredOn(index -> index.getName().equals("tenantId_phone_unique")).singleElement()
                .satisfies(index -> {
                    assertThat(index.isUnique()).isTrue();
                    assertThat(index.getIndexFields()).extracting(field -> field.getKey())
                            .containsExactly("tenantId", "phone");
                });
    }

    private DoNotCallNumberAdded added(String phone, String reason, Instant at) {
        return new DoNotCallNumberAdded(tenantId, phone, reason, at);
    }

    private void apply(TenantEvent event, long sequence) {
        projection.apply(TestEvents.receivedForDnc(event, sequence));
    }

    private List<Document> all() {
        return template.getCollection(DncDocuments.COLLECTION).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }
}
