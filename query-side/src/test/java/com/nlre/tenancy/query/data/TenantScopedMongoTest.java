package com.nlre.tenancy.query.data;

import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantAuthentication;
import com.nlre.tenancy.web.security.TenantPrincipal;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant-scoped access layer on an in-memory MongoDB, without Spring. */
class TenantScopedMongoTest {

    private static final String ITEMS = "items";

    private static InMemoryMongo mongo;

    private final TenantId tenantA = TenantId.generate();
    private final TenantId tenantB = TenantId.generate();
    private MongoTemplate template;
    private TenantScopedMongo scoped;

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
        new MongoSchema(template).ensureIndex(ITEMS, new Index().on("tenantId", Sort.Direction.ASC)
                .on("itemId", Sort.Direction.ASC).unique());
        scoped.insert(tenantA, ITEMS, new Document("_id", "a1").append("itemId", "same").append("colour", "red"));
        scoped.insert(tenantA, ITEMS, new Document("_id", "a2").append("itemId", "other").append("colour", "blue"));
        scoped.insert(tenantB, ITEMS, new Document("_id", "b1").append("itemId", "same").append("colour", "red"));
    }

    @AfterEach
    void noCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void addsTheTenantToEveryDocumentItInserts() {
        Document stored = template.getCollection(ITEMS).find(new Document("_id", "b1")).first();

        assertThat(stored.getString("tenantId")).isEqualTo(tenantB.value());
    }

    @Test
    void readsCountsAndFindsOnlyTheGivenTenantsDocuments() {
        assertThat(scoped.find(tenantA, ITEMS, new Document(), new Document("_id", 1), 0, 10))
                .extracting(document -> document.getString("_id")).containsExactly("a1", "a2");
        assertThat(scoped.count(tenantA, ITEMS, new Document("itemId", "same"))).isEqualTo(1);
        assertThat(scoped.findOne(tenantB, ITEMS, new Document("itemId", "same")).orElseThrow().getString("_id"))
                .isEqualTo("b1");
        assertThat(scoped.findOne(tenantB, ITEMS, new Document("_id", "a1"))).isEmpty();
        assertThat(scoped.exists(tenantB, ITEMS, new Document("_id", "a2"))).isFalse();
    }

    @Test
    void acceptsOperatorsInsideAFieldsCondition() {
        assertThat(scoped.count(tenantA, ITEMS, new Document("colour", new Document("$in", List.of("red", "blue")))))
                .isEqualTo(2);
    }

    @Test
    void updatesOnlyTheGivenTenantsDocument() {
        boolean matched = scoped.updateOne(tenantB, ITEMS, new Document("itemId", "same"),
                new Document("$set", new Document("colour", "green")));

        assertThat(matched).isTrue();
        assertThat(colourOf("b1")).isEqualTo("green");
        assertThat(colourOf("a1")).isEqualTo("red");
        assertThat(scoped.updateOne(tenantB, ITEMS, new Document("_id", "a1"),
                new Document("$set", new Document("colour", "green")))).isFalse();
        assertThat(colourOf("a1")).isEqualTo("red");
    }

    @Test
    void insertsIntoAnInsertOnlyCollectionOnceButNeverUpdatesIt() {
        String trail = AppendOnlyCollections.ACCESS_AUDIT;
        assertThat(scoped.insertIfAbsent(tenantA, trail, new Document("_id", "r1").append("status", 200))).isTrue();
        assertThat(scoped.insertIfAbsent(tenantA, trail, new Document("_id", "r1").append("status", 500))).isFalse();

        assertThatThrownBy(() -> scoped.updateOne(tenantA, trail, new Document("_id", "r1"),
                new Document("$set", new Document("status", 500)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("insert-only");
        assertThatThrownBy(() -> scoped.upsert(tenantA, trail, new Document("_id", "r2"),
                new Document("$set", new Document("status", 500)))).isInstanceOf(IllegalStateException.class);
        assertThat(scoped.findOne(tenantA, trail, new Document("_id", "r1")).orElseThrow().getInteger("status"))
                .isEqualTo(200);
    }

    @Test
    void deletesOnlyTheGivenTenantsDocumentsAndOnlyFromDisposableCollections() {
        String exports = DisposableCollections.GDPR_EXPORTS;
        scoped.insert(tenantA, exports, new Document("_id", "exp_a"));
        scoped.insert(tenantB, exports, new Document("_id", "exp_b"));

        assertThat(scoped.deleteMany(tenantA, exports, new Document())).isEqualTo(1);

        assertThat(scoped.exists(tenantA, exports, new Document())).isFalse();
        assertThat(scoped.exists(tenantB, exports, new Document("_id", "exp_b"))).isTrue();
        assertThatThrownBy(() -> scoped.deleteMany(tenantA, ITEMS, new Document()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not disposable");
        assertThatThrownBy(() -> scoped.deleteMany(tenantA, AppendOnlyCollections.ACCESS_AUDIT, new Document()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(scoped.count(tenantA, ITEMS, new Document())).isEqualTo(2);
    }

    @Test
    void upsertCreatesTheDocumentWithTheTenantAndThenUpdatesIt() {
        scoped.upsert(tenantA, ITEMS, new Document("_id", "a3"), new Document("$max", new Document("n", 2))
                .append("$set", new Document("itemId", "third")));
        scoped.upsert(tenantA, ITEMS, new Document("_id", "a3"), new Document("$max", new Document("n", 1))
                .append("$set", new Document("itemId", "third")));

        Document stored = template.getCollection(ITEMS).find(new Document("_id", "a3")).first();
        assertThat(stored.getString("tenantId")).isEqualTo(tenantA.value());
        assertThat(stored.getInteger("n")).isEqualTo(2);
    }

    @Test
    void reportsADuplicateInsertInsteadOfFailing() {
        assertThat(scoped.insertIfAbsent(tenantA, ITEMS, new Document("_id", "a9").append("itemId", "same"))).isFalse();
        assertThat(scoped.insertIfAbsent(tenantB, ITEMS, new Document("_id", "b9").append("itemId", "other"))).isTrue();
    }

    @Test
    void refusesEveryOperationWithoutATenant() {
        Document filter = new Document("itemId", "same");
        Document update = new Document("$set", new Document("colour", "green"));

        assertThatThrownBy(() -> scoped.findOne(null, ITEMS, filter)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.find(null, ITEMS, filter, new Document(), 0, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.count(null, ITEMS, filter)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.exists(null, ITEMS, filter)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.updateOne(null, ITEMS, filter, update)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.upsert(null, ITEMS, filter, update)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.insert(null, ITEMS, new Document("_id", "x")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(colourOf("a1")).isEqualTo("red");
    }

    @Test
    void refusesAFilterThatNamesTheTenantItself() {
        assertThatThrownBy(() -> scoped.find(tenantA, ITEMS, new Document("tenantId", tenantB.value()),
                new Document(), 0, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.count(tenantA, ITEMS, new Document("tenantId",
                new Document("$ne", tenantA.value())))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.findOne(tenantA, ITEMS, new Document("tenantId.x", 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesTopLevelOperatorsThatCouldWidenAFilter() {
        for (String operator : List.of("$or", "$and", "$nor", "$where", "$expr", "$text", "$comment")) {
            Document filter = new Document(operator, List.of(new Document("tenantId", tenantB.value())));
            assertThatThrownBy(() -> scoped.findOne(tenantA, ITEMS, filter)).as(operator)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesADocumentThatNamesItsTenant() {
        assertThatThrownBy(() -> scoped.insert(tenantA, ITEMS, new Document("_id", "a5")
                .append("tenantId", tenantB.value()))).isInstanceOf(IllegalStateException.class);
        assertThat(template.getCollection(ITEMS).countDocuments(new Document("_id", "a5"))).isZero();
    }

    @Test
    void refusesUpdatesThatMoveADocumentOrReplaceIt() {
        Document filter = new Document("_id", "a1");
        for (Document update : List.of(
                new Document("$set", new Document("tenantId", tenantB.value())),
                new Document("$unset", new Document("tenantId", "")),
                new Document("$set", new Document("_id", "b7")),
                new Document("$rename", new Document("colour", "tenantId")),
                new Document("colour", "green"),
                new Document())) {
            assertThatThrownBy(() -> scoped.updateOne(tenantA, ITEMS, filter, update)).as(update.toJson())
                    .isInstanceOf(IllegalStateException.class);
        }
        Document stored = template.getCollection(ITEMS).find(filter).first();
        assertThat(stored.getString("tenantId")).isEqualTo(tenantA.value());
        assertThat(stored.getString("colour")).isEqualTo("red");
    }

    @Test
    void refusesAppendOnlyPlatformCollections() {
        assertThatThrownBy(() -> scoped.findOne(tenantA, AppendOnlyCollections.SECURITY_AUDIT, new Document()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.upsert(tenantA, AppendOnlyCollections.SECURITY_AUDIT, new Document(),
                new Document("$set", new Document("kind", "x")))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAnotherTenantWhileServingATenantsRequest() {
        TenantPrincipal callerOfA = new TenantPrincipal(tenantA, "user_abcdefgh", PrincipalType.USER, Role.OWNER, Set.of());
        SecurityContextHolder.getContext().setAuthentication(new TenantAuthentication(callerOfA, null));

        assertThatThrownBy(() -> scoped.findOne(tenantB, ITEMS, new Document("itemId", "same")))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> scoped.findOne(tenantA, ITEMS, new Document("itemId", "same"))).doesNotThrowAnyException();
    }

    @Test
    void aggregatesOnlyTheGivenTenantsDocumentsBehindALeadingTenantMatch() {
        List<Document> groups = scoped.aggregate(tenantA, ITEMS, List.of(
                new Document("$group", new Document("_id", "$colour").append("n", new Document("$sum", 1))),
                new Document("$sort", new Document("_id", 1))));

        assertThat(groups).extracting(group -> group.getString("_id") + "=" + group.get("n"))
                .containsExactly("blue=1", "red=1");
        assertThat(scoped.aggregate(tenantB, ITEMS, List.of(new Document("$count", "n"))))
                .singleElement().satisfies(count -> assertThat(count.get("n")).isEqualTo(1));
        assertThat(scoped.aggregate(tenantA, ITEMS, List.of(new Document("$match", new Document("colour", "red")))))
                .extracting(document -> document.getString("_id")).containsExactly("a1");
    }

    @Test
    void refusesAggregationStagesThatReachBeyondTheTenantsDocuments() {
        List<Document> refused = List.of(
                new Document("$lookup", new Document("from", ITEMS).append("localField", "itemId")
                        .append("foreignField", "itemId").append("as", "all")),
                new Document("$unionWith", ITEMS),
                new Document("$graphLookup", new Document("from", ITEMS)),
                new Document("$out", "stolen"),
                new Document("$merge", new Document("into", "stolen")),
                new Document("$facet", new Document("x", List.of(new Document("$unionWith", ITEMS)))),
                new Document("$collStats", new Document()),
                new Document("$match", new Document("tenantId", tenantB.value())),
                new Document("$match", new Document("$where", "true")),
                new Document("$match", new Document("$expr", new Document("$function", new Document("body", "x")))),
                new Document("$group", new Document("_id", null).append("x", new Document("$accumulator",
                        new Document()))),
                new Document("$match", new Document("a", 1)).append("$limit", 1));
        for (Document stage : refused) {
            assertThatThrownBy(() -> scoped.aggregate(tenantA, ITEMS, List.of(stage))).as(stage.toJson())
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> scoped.aggregate(null, ITEMS, List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scoped.aggregate(tenantA, AppendOnlyCollections.SECURITY_AUDIT, List.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(template.getCollectionNames()).doesNotContain("stolen");
    }

    private String colourOf(String id) {
        return template.getCollection(ITEMS).find(new Document("_id", id)).first().getString("colour");
    }
}
