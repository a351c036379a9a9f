package com.nlre.tenancy.web;

import com.nlre.tenancy.web.audit.AccessAuditConfiguration;
import com.nlre.tenancy.web.ratelimit.RateLimitConfiguration;
import com.nlre.tenancy.web.security.SecurityConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.web.security.TenantStandingCache;
import com.nlre.tenancy.web.security.TenantStandingInvalidator;
import com.nlre.tenancy.web.security.TenantStandingStore;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import com.nlre.tenancy.web.limits.RequestBodyLimitFilter;
import com.nlre.tenancy.web.limits.RequestBodyLimits;
import com.nlre.tenancy.web.security.ProblemAuthenticationHandlers;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.time.Duration;

/** What both services get by having web-support on the classpath. */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
        beforeName = {"org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration",
                "org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration"})
@Import({AccessAuditConfiguration.class, SecurityConfiguration.class, RateLimitConfiguration.class, ProblemExceptionHandler.class,
        ProblemErrorController.class})
@EnableConfigurationProperties(RequestBodyLimits.class)
public class WebSupportAutoConfiguration {

    private static final long MAX_TENANTS_CACHED = 100_000;

    @Bean
    FilterRegistrationBean<RequestContextFilter> nlreRequestContextFilter() {
        FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(new RequestContextFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Bodies beyond {@code nlre.http.max-body-size} (uploads: {@code max-upload-size}) answer 413 before anything reads them. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> nlreRequestBodyLimitFilter(RequestBodyLimits limits,
                                                                             ObjectMapper objectMapper) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits, new ProblemAuthenticationHandlers(objectMapper)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Refusals by the container itself (before any servlet) answer problem+json, not Tomcat's HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> nlreProblemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /**
     * Request bodies are read strictly: an unknown field is 400 naming it (a client must never believe a field it
     * sent, such as a {@code tenantId}, took effect). Events and other stored data keep the tolerant shared mapper.
     */
    @Bean
    WebMvcConfigurer nlreStrictRequestBodies() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(java.util.List<HttpMessageConverter<?>> converters) {
                // replaced, not changed: the converter instances are shared with the services' HTTP clients
                for (int i = 0; i < converters.size(); i++) {
                    if (converters.get(i) instanceof MappingJackson2HttpMessageConverter json) {
                        converters.set(i, new MappingJackson2HttpMessageConverter(json.getObjectMapper().copy()
                                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)));
                    }
                }
            }
        };
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    /**
     * The tenant standings every tenant request is checked against, cached for {@code nlre.tenant-cache.ttl} (5 minutes
     * by default) and evicted by the tenant's own events.
     */
    @Bean
    @ConditionalOnBean(TenantStandingStore.class)
    TenantStandingCache tenantStandingCache(TenantStandingStore store,
                                            @Value("${nlre.tenant-cache.ttl:5m}") Duration timeToLive) {
        return new TenantStandingCache(store, timeToLive, MAX_TENANTS_CACHED);
    }

    /** Every instance evicts a tenant whose own events it reads on the event topic, whoever stored or projected them. */
    @Bean
    @ConditionalOnBean({TenantStandingStore.class, ConsumerFactory.class})
    ConcurrentMessageListenerContainer<String, String> tenantStandingInvalidation(
            ConsumerFactory<?, ?> consumers, TenantStandingCache cache, ObjectMapper objectMapper,
            @Value("${spring.application.name:service}") String service) {
        return TenantStandingInvalidator.container(consumers, service,
                new TenantStandingInvalidator(cache, objectMapper));
    }

    @Bean
    OpenApiCustomizer nlreTenantRateLimitDocs() {
        return OpenApiDocs.tenantRateLimitResponses();
    }
}
