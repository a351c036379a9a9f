package com.nlre.tenancy.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Duration;

/**
 * Wraps the pooled data source in a {@link FailFastDataSource}: commands fail within the pool's connection timeout
 * (then at once) while the database is unreachable, yet wait patiently for a busy pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseAvailabilityConfiguration.DatabaseAvailabilityProperties.class)
public class DatabaseAvailabilityConfiguration {

    /**
     * {@code nlre.database.*}: how long a caller waits for a busy pool ({@code pool-wait}, 30 s) and how often an
     * unreachable database is probed ({@code probe-interval}, 1 s). How long the pool waits for the database itself is
     * {@code spring.datasource.hikari.connection-timeout}.
     */
    @ConfigurationProperties("nlre.database")
    public record DatabaseAvailabilityProperties(@DefaultValue("30s") Duration poolWait,
                                                 @DefaultValue("1s") Duration probeInterval) {
    }

    @Bean
    static BeanPostProcessor failFastDataSource(ObjectProvider<DatabaseAvailabilityProperties> properties) {
        return new FailFastWrapping(properties);
    }

    /** Replaces the pool bean by its wrapper, whose {@code close()} also closes the pool. */
    private record FailFastWrapping(ObjectProvider<DatabaseAvailabilityProperties> properties)
            implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof HikariDataSource pool && "dataSource".equals(beanName)) {
                DatabaseAvailabilityProperties settings = properties.getObject();
                return new FailFastDataSource(pool, settings.poolWait(), settings.probeInterval());
            }
            return bean;
        }
    }
}
