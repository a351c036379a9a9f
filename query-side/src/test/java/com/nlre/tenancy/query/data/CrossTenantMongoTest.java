package com.nlre.tenancy.query.data;

import com.nlre.tenancy.query.InMemoryMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audited cross-tenant path on an in-memory MongoDB, without Spring. */
class CrossTenantMongoTest {

    private static InMemoryMongo mongo;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MongoTemplate template;
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
        crossTenant = new CrossTenantMongo(template, meters);
        template.getCollection("tenants").insertMany(List.of(
                new Document("_id", "tenant_aaaaaaaa").append("tenantId", "tenant_aaaaaaaa"),
                new Document("_id", "tenant_bbbbbbbb").append("tenantId", "tenant_bbbbbbbb")));
    }

    @Test
    void readsAcrossTenantsAndCountsEveryReadByCollectionAndPurpose() {
        assertThat(crossTenant.count(CrossTenantPurpose.OPERATOR_QUERY, "tenants", new Document())).isEqualTo(2);
        assertThat(crossTenant.find(CrossTenantPurpose.OPERATOR_QUERY, "tenants", new Document(),
                new Document("_id", 1), 0, 10)).hasSize(2);
        assertThat(crossTenant.findOne(CrossTenantPurpose.TENANT_STATUS, "tenants",
                new Document("_id", "tenant_bbbbbbbb"))).isPresent();

        assertThat(meters.get(CrossTenantMongo.READS_METRIC).tag("collection", "tenants")
                .tag("purpose", "operator-query").counter().count()).isEqualTo(2);
        assertThat(meters.get(CrossTenantMongo.READS_METRIC).tag("purpose", "tenant-status").counter().count())
                .isEqualTo(1);
    }

    @Test
    void appendsOnlyToAppendOnlyCollections() {
        crossTenant.append(AppendOnlyCollections.SECURITY_AUDIT, new Document("kind", "operator_action"));

        assertThat(template.getCollection(AppendOnlyCollections.SECURITY_AUDIT).countDocuments()).isEqualTo(1);
        assertThatThrownBy(() -> crossTenant.append("tenants", new Document("_id", "tenant_cccccccc")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(template.getCollection("tenants").countDocuments()).isEqualTo(2);
    }

    @Test
    void offersNoWayToChangeOrRemoveADocument() {
        List<String> publicMethods = Arrays.stream(CrossTenantMongo.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .map(Method::getName)
                .toList();

        assertThat(publicMethods).containsExactlyInAnyOrder("findOne", "find", "count", "append");
    }

    @Test
    void refusesAReadWithoutAFilter() {
        assertThatThrownBy(() -> crossTenant.count(CrossTenantPurpose.OPERATOR_QUERY, "tenants", null))
                .isInstanceOf(IllegalStateException.class);
    }
}
