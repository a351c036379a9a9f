package com.nlre.tenancy.query.data;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB health as a {@code ping}, which every MongoDB server and the embedded wire-protocol server answer (Boot's
 * own indicator sends {@code hello}, which the embedded server does not know). Replaces Boot's indicator under the
 * same contributor name, {@code mongo}, which the readiness group includes.
 */
@Configuration(proxyBeanMethods = false)
public class MongoHealthConfiguration {

    @Bean
    AbstractHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                mongo.executeCommand(new Document("ping", 1));
                builder.up().withDetail("database", mongo.getDb().getName());
            }
        };
    }
}
