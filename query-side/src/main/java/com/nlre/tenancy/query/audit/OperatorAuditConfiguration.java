package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.web.security.SecurityConfiguration;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/**
 * Wires {@link OperatorActionAudit}: its filter just inside web-support's request-context filter (so the correlation
 * id is known) and just outside Spring Security's filters (so refused requests are seen too).
 */
@Configuration(proxyBeanMethods = false)
public class OperatorAuditConfiguration implements WebMvcConfigurer {

    private final OperatorActionAudit operatorActions;

    public OperatorAuditConfiguration(SecurityAuditLog audit, Clock clock) {
        this.operatorActions = new OperatorActionAudit(audit, clock);
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> operatorActionAuditFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(operatorActions.filter());
        registration.setName("operatorActionAuditFilter");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(operatorActions.interceptor()).addPathPatterns(SecurityConfiguration.OPERATOR_ROUTES);
    }
}
