package com.nlre.tenancy.web.audit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerMapping;

import java.time.Clock;

/**
 * The access audit trail of a service that has an {@link AccessRecordSink}: the recorder (bounded buffer,
 * {@code nlre.access-audit.buffer-capacity} records, 10,000 by default) and the filter both security chains put
 * right after authentication.
 */
@Configuration(proxyBeanMethods = false)
public class AccessAuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessAuditConfiguration.class);
    private static final String REQUEST_MAPPINGS = "requestMappingHandlerMapping";

    /** {@code nlre.access-audit.pseudonym-key}: set the same key on every service so pseudonyms compare. */
    @Bean
    ResourceIdPseudonyms resourceIdPseudonyms(@Value("${nlre.access-audit.pseudonym-key:}") String key) {
        if (key.isBlank()) {
            log.warn("nlre.access-audit.pseudonym-key is not set: personal resource ids in the access audit trail are "
                    + "pseudonymised under a key of this process only, so they match neither another service's nor "
                    + "this one's after a restart");
            return ResourceIdPseudonyms.withRandomKey();
        }
        return ResourceIdPseudonyms.withKey(key);
    }

    @Bean
    @ConditionalOnBean(AccessRecordSink.class)
    AccessAuditRecorder accessAuditRecorder(AccessRecordSink sink, MeterRegistry meters,
                                            @Value("${nlre.access-audit.buffer-capacity:10000}") int capacity) {
        return new AccessAuditRecorder(sink, capacity, meters);
    }

    /** Not a bean of its own: a filter bean would also be registered with the servlet container, outside security. */
    @Bean
    @ConditionalOnBean(AccessRecordSink.class)
    AccessAuditFilters accessAuditFilters(AccessAuditRecorder recorder, ResourceIdPseudonyms pseudonyms,
                                          ObjectProvider<Clock> clocks, BeanFactory beans,
                                          @Value("${spring.application.name:service}") String service) {
        return () -> new AccessAuditFilter(recorder, pseudonyms, service, clocks.getIfAvailable(Clock::systemUTC),
                () -> beans.containsBean(REQUEST_MAPPINGS) ? beans.getBean(REQUEST_MAPPINGS, HandlerMapping.class)
                        : null);
    }

    /** Makes the access audit filter the security chains insert. */
    @FunctionalInterface
    public interface AccessAuditFilters {

        AccessAuditFilter filter();
    }
}
