package com.nlre.tenancy.query.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MongoDB access of the query side goes through {@code com.nlre.tenancy.query.data}: the tenant-scoped layer or
 * the audited cross-tenant path. Any other production class that reaches MongoDB directly fails the build.
 */
@AnalyzeClasses(packages = "com.nlre.tenancy.query", importOptions = ImportOption.DoNotIncludeTests.class)
class DataAccessArchitectureTest {

    static final String DATA_LAYER = "com.nlre.tenancy.query.data..";

    private static final DescribedPredicate<JavaClass> DIRECT_MONGO_ACCESS =
            assignableTo("org.springframework.data.mongodb.core.MongoOperations")
                    .or(assignableTo("org.springframework.data.mongodb.core.ReactiveMongoOperations"))
                    .or(assignableTo("org.springframework.data.mongodb.core.MongoTemplate"))
                    .or(assignableTo("com.mongodb.client.MongoCollection"))
                    .or(assignableTo("com.mongodb.client.MongoDatabase"))
                    .or(assignableTo("com.mongodb.client.MongoClient"))
                    .or(assignableTo("com.mongodb.reactivestreams.client.MongoCollection"))
                    .or(assignableTo("com.mongodb.reactivestreams.client.MongoDatabase"))
                    .or(assignableTo("org.springframework.data.repository.Repository"))
                    .or(resideInAPackage("org.springframework.data.mongodb.repository.."))
                    .as("MongoTemplate, MongoOperations, MongoCollection, MongoDatabase, MongoClient or a Spring Data "
                            + "repository");

    @ArchTest
    static final ArchRule onlyTheDataLayerTouchesMongoDb = noClasses()
            .that().resideOutsideOfPackage(DATA_LAYER)
            .should().dependOnClassesThat(DIRECT_MONGO_ACCESS)
            .because("every query must go through the tenant-scoped access layer or the audited cross-tenant path");

    @Test
    void theRuleCatchesAClassThatUsesMongoTemplateDirectly() {
        JavaClasses offender = new ClassFileImporter().importClasses(UnscopedReadModel.class);

        assertThat(onlyTheDataLayerTouchesMongoDb.evaluate(offender).hasViolation()).isTrue();
    }

    /** What the rule exists to stop: a read model that queries without the tenant-scoped layer. */
    static final class UnscopedReadModel {

        private final MongoTemplate mongo;

        UnscopedReadModel(MongoTemplate mongo) {
            this.mongo = mongo;
        }

        long everyonesUsers() {
            return mongo.getCollection("tenant_users").countDocuments();
        }
    }
}
