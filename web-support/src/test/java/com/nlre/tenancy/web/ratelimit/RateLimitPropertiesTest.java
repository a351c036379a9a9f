package com.nlre.tenancy.web.ratelimit;

import com.nlre.tenancy.events.tenant.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitPropertiesTest {

    @Test
    void defaultsToTheDocumentedRatesPerMinuteInMemory() {
        RateLimitProperties defaults = bind(Map.of());

        assertThat(defaults.store()).isEqualTo(RateLimitProperties.Store.MEMORY);
        assertThat(defaults.rateOf(Plan.FREE)).isEqualTo(PlanRate.perMinute(60));
        assertThat(defaults.rateOf(Plan.STARTER)).isEqualTo(PlanRate.perMinute(300));
        assertThat(defaults.rateOf(Plan.PROFESSIONAL)).isEqualTo(PlanRate.perMinute(1200));
        assertThat(defaults.rateOf(Plan.ENTERPRISE)).isEqualTo(PlanRate.perMinute(6000));
        assertThat(defaults.jdbc().configured()).isFalse();
    }

    @Test
    void bindsOnePlansRateAndTheStoreFromConfiguration() {
        RateLimitProperties configured = bind(Map.of(
                "nlre.rate-limits.store", "jdbc",
                "nlre.rate-limits.starter.capacity", "20",
                "nlre.rate-limits.starter.refill-period", "10s",
                "nlre.rate-limits.free.capacity", "5",
                "nlre.rate-limits.jdbc.url", "jdbc:postgresql://db:5432/nlre_events"));

        assertThat(configured.store()).isEqualTo(RateLimitProperties.Store.JDBC);
        assertThat(configured.rateOf(Plan.STARTER)).isEqualTo(new PlanRate(20L, Duration.ofSeconds(10)));
        assertThat(configured.rateOf(Plan.FREE)).isEqualTo(PlanRate.perMinute(5));
        assertThat(configured.rateOf(Plan.PROFESSIONAL)).isEqualTo(PlanRate.perMinute(1200));
        assertThat(configured.jdbc().configured()).isTrue();
    }

    @Test
    void refusesARateThatCannotBeEnforced() {
        assertThatThrownBy(() -> new PlanRate(0L, Duration.ofMinutes(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new PlanRate(10L, Duration.ofMillis(1500))).hasMessageContaining("whole seconds");
    }

    private static RateLimitProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("nlre.rate-limits", RateLimitProperties.class);
    }
}
