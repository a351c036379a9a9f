package com.nlre.tenancy.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Idempotency keys on the creating POSTs: the store, the filter after authentication, the interceptor, clean-up, docs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final ObjectProvider<IdempotencyKeys> keys;
    private final ObjectProvider<PlatformTransactionManager> transactions;

    public IdempotencyConfiguration(ObjectProvider<IdempotencyKeys> keys,
                                    ObjectProvider<PlatformTransactionManager> transactions) {
        this.keys = keys;
        this.transactions = transactions;
    }

    @Bean
    IdempotencyKeys idempotencyKeys(JdbcTemplate jdbc, Clock clock, IdempotencyProperties properties) {
        return new IdempotencyKeys(jdbc, clock, properties);
    }

    /** Right after the security filter chain, so the caller (and its tenant) is known. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(keys.getObject(), objectMapper, transactions.getObject()));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdempotencyInterceptor(keys.getObject(), transactions.getObject()));
    }

    /** Deletes expired keys every {@code nlre.idempotency.cleanup-interval}, on one daemon thread. */
    @Bean
    SmartLifecycle idempotencyKeyCleanup(IdempotencyKeys keys, IdempotencyProperties properties) {
        return new SmartLifecycle() {
            private volatile ScheduledExecutorService timer;

            @Override
            public void start() {
                timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "idempotency-key-cleanup");
                    thread.setDaemon(true);
                    return thread;
                });
                long every = properties.cleanupInterval().toMillis();
                timer.scheduleWithFixedDelay(() -> {
                    try {
                        int deleted = keys.deleteExpired();
                        if (deleted > 0) {
                            log.info("Deleted {} expired idempotency keys", deleted);
                        }
                    } catch (RuntimeException e) {
                        log.warn("Expired idempotency keys not deleted this time: {}", e.toString());
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                ScheduledExecutorService running = timer;
                if (running != null) {
                    running.shutdownNow();
                }
                timer = null;
            }

            @Override
            public boolean isRunning() {
                return timer != null;
            }
        };
    }

    /** Documents the {@value IdempotencyFilter#HEADER} header on every operation that honours it. */
    @Bean
    OperationCustomizer idempotencyKeyDocs() {
        return (operation, handler) -> {
            IdempotentCreation creation = handler.getMethodAnnotation(IdempotentCreation.class);
            if (creation != null) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                        .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$"))
                        .description("Makes a retry safe: a repeat of this request with the same key (in the same "
                                + "tenant, within 24 h) answers the first response with `"
                                + IdempotencyFilter.REPLAYED_HEADER + ": true` and executes nothing; the same key "
                                + "with another body or path is 422 `urn:nlre:problem:"
                                + IdempotencyInterceptor.KEY_REUSED + "`; while the first is still running, 409 `"
                                + "urn:nlre:problem:" + IdempotencyInterceptor.KEY_IN_FLIGHT + "`."
                                + (creation.secretFields().length == 0 ? "" : " A replay withholds the secret "
                                + "shown once (" + String.join(", ", creation.secretFields()) + ") and names it in `"
                                + IdempotencyFilter.WITHHELD_HEADER + "`.")));
            }
            return operation;
        };
    }
}
