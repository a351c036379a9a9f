package com.nlre.tenancy.command;

import com.nlre.tenancy.events.MetadataKeys;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wiring shared by every feature: the clock aggregates decide with, and the metadata every event inherits. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Every event carries the tenant, actor and correlation id of the command that caused it. */
    @Bean
    CorrelationDataProvider tenantContextCorrelation() {
        return new SimpleCorrelationDataProvider(MetadataKeys.TENANT_ID, MetadataKeys.ACTOR_ID,
                MetadataKeys.ACTOR_TYPE, MetadataKeys.CORRELATION_ID);
    }
}
