package com.nlre.tenancy.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.web.audit.AccessAuditConfiguration.AccessAuditFilters;
import com.nlre.tenancy.web.audit.AccessAuditFilter;
import com.nlre.tenancy.web.ratelimit.TenantRateLimitFilter;
import com.nlre.tenancy.web.ratelimit.TenantRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.time.Duration;

/**
 * Two kinds of principal, two filter chains, both stateless (no session, no cookies, so no CSRF token):
 * <ul>
 *   <li><b>Platform operators</b> (HTTP Basic against the configured operator credential, role {@code OPERATOR}) own
 *   the operator routes: tenant lifecycle and platform-wide views. A tenant credential never opens them.</li>
 *   <li><b>Tenant principals</b> — users with a JWT access token, or API keys in {@value ApiKeyVerifier#HEADER} —
 *   own every other API route. The tenant comes only from the credential; {@link TenantContextFilter} then applies
 *   the tenant's status, {@link TenantRateLimitFilter} its plan's request rate, and endpoints check permissions
 *   ({@code PERM_<permission>} authorities).</li>
 * </ul>
 * In both chains the {@link AccessAuditFilter} (where the service has an access audit sink) runs right after
 * authentication, around everything that may still refuse the request.
 * Health probes, Prometheus, the API docs, the JWKS and the login endpoint are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(OperatorProperties.class)
public class SecurityConfiguration {

    public static final String OPERATOR_ROLE = "OPERATOR";
    /** Routes only platform operators may call. */
    public static final String[] OPERATOR_ROUTES = {"/api/v1/tenants", "/api/v1/tenants/**", "/api/v1/operator/**"};
    private static final String[] PUBLIC_ROUTES = {"/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
            "/error", "/.well-known/jwks.json", "/api/v1/auth/**"};

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain operatorFilterChain(HttpSecurity http, OperatorProperties operator, PasswordEncoder encoder,
                                            ObjectMapper objectMapper, ObjectProvider<AccessAuditFilters> audits)
            throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(objectMapper);
        AuthenticationEntryPoint basic = problems.entryPoint("Basic realm=\"nlre-operator\"");
        DaoAuthenticationProvider operators = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername(operator.username()).password(encoder.encode(operator.password()))
                        .roles(OPERATOR_ROLE).build()));
        operators.setPasswordEncoder(encoder);
        AuthenticationManager operatorAuthentication = new ProviderManager(
                new RememberedOperatorCredentials(operators, 1_000, Duration.ofMinutes(5)));
        AccessAuditFilters audit = audits.getIfAvailable();
        if (audit != null) {
            http.addFilterAfter(audit.filter(), BasicAuthenticationFilter.class);
        }
        return stateless(http)
                .securityMatcher(OPERATOR_ROUTES)
                .authenticationManager(operatorAuthentication)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(OPERATOR_ROLE))
                .httpBasic(basicAuth -> basicAuth.authenticationEntryPoint(basic))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(basic)
                        .accessDeniedHandler(problems.accessDeniedHandler()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain tenantFilterChain(HttpSecurity http, ObjectMapper objectMapper,
                                          ObjectProvider<ApiKeyVerifier> apiKeys,
                                          ObjectProvider<TenantStatusLookup> statuses,
                                          ObjectProvider<TenantRateLimiter> rateLimiters,
                                          ObjectProvider<MeterRegistry> meters,
                                          ObjectProvider<AccessAuditFilters> audits,
                                          ApiKeyGuessLimiter apiKeyGuesses) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(objectMapper);
        AuthenticationEntryPoint bearer = problems.entryPoint("Bearer");
        stateless(http)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_ROUTES).permitAll()
                        .anyRequest().hasAuthority(TenantAuthentication.TENANT_ROLE))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(bearer)
                        .accessDeniedHandler(problems.accessDeniedHandler())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new TenantJwtConverter())))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(bearer)
                        .accessDeniedHandler(problems.accessDeniedHandler()));
        ApiKeyVerifier verifier = apiKeys.getIfAvailable();
        if (verifier != null) {
            http.addFilterBefore(new ApiKeyAuthenticationFilter(verifier, bearer, problems, apiKeyGuesses),
                    BearerTokenAuthenticationFilter.class);
        }
        AccessAuditFilters audit = audits.getIfAvailable();
        if (audit != null) {
            // added before the tenant-context filter at the same position, so it runs first and sees its refusals
            http.addFilterAfter(audit.filter(), BearerTokenAuthenticationFilter.class);
        }
        TenantStatusLookup lookup = statuses.getIfAvailable();
        if (lookup != null) {
            http.addFilterAfter(new TenantContextFilter(lookup, problems), BearerTokenAuthenticationFilter.class);
            TenantRateLimiter limiter = rateLimiters.getIfAvailable();
            if (limiter != null) {
                http.addFilterAfter(new TenantRateLimitFilter(limiter, lookup, problems, meters.getIfAvailable()),
                        TenantContextFilter.class);
            }
        }
        return http.build();
    }

    /** Refused API keys per source address (see {@link ApiKeyGuessLimiter}); follows the service's clock. */
    @Bean
    ApiKeyGuessLimiter apiKeyGuessLimiter(
            @Value("${nlre.api-keys.failed-attempts-per-source:20}") int attempts,
            @Value("${nlre.api-keys.failed-attempts-window:5m}") java.time.Duration window,
            ObjectProvider<java.time.Clock> clocks) {
        return new ApiKeyGuessLimiter(attempts, window, clocks.getIfAvailable(java.time.Clock::systemUTC));
    }

    /** The query side (and any service that does not issue tokens) verifies them with the issuer's published keys. */
    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    @ConditionalOnProperty("nlre.jwt.jwk-set-uri")
    JwtDecoder jwkSetJwtDecoder(org.springframework.core.env.Environment environment) {
        return JwtDecoders.fromJwkSetUri(environment.getRequiredProperty("nlre.jwt.jwk-set-uri"));
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(Customizer.withDefaults());
    }
}
