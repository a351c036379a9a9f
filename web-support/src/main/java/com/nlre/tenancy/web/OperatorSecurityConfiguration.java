package com.nlre.tenancy.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Platform operators authenticate with HTTP Basic against the configured operator credential and get role
 * {@code OPERATOR}. Health probes, Prometheus and the API docs are open; everything else needs a credential.
 * Stateless: no session, no CSRF token (no cookies are ever issued).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
public class OperatorSecurityConfiguration {

    public static final String OPERATOR_ROLE = "OPERATOR";

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operatorUsers(OperatorProperties operator, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(User.withUsername(operator.username())
                .password(encoder.encode(operator.password()))
                .roles(OPERATOR_ROLE)
                .build());
    }

    @Bean
    SecurityFilterChain operatorFilterChain(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(objectMapper);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**",
                                "/swagger-ui.html", "/error").permitAll()
                        .anyRequest().hasRole(OPERATOR_ROLE))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems.entryPoint()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problems.entryPoint())
                        .accessDeniedHandler(problems.accessDeniedHandler()))
                .headers(Customizer.withDefaults())
                .build();
    }
}
