package com.nlre.tenancy.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void theDefaultRunDrivesAHundredTenantsForAMinute() {
        BenchOptions options = BenchOptions.parse("--operator-password=secret");

        assertThat(options.tenants()).isEqualTo(100);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.phase()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.quick()).isFalse();
    }

    @Test
    void theQuickProfileShortensPhasesAndVolumesUnlessSizesAreGiven() {
        BenchOptions quick = BenchOptions.parse("--quick=true");
        BenchOptions sized = BenchOptions.parse("--quick=true", "--tenants=1000", "--duration=2m");

        assertThat(quick.tenants()).isEqualTo(10);
        assertThat(quick.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(quick.replayEvents()).isLessThan(BenchOptions.parse().replayEvents());
        assertThat(sized.tenants()).isEqualTo(1000);
        assertThat(sized.duration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void durationsReadSecondsMinutesMillisecondsOrABareNumberOfSeconds() {
        assertThat(BenchOptions.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchOptions.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(BenchOptions.duration("45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aSoakOptionMakesTheRunTheLoadRunAtItsRate() {
        BenchOptions benchmark = BenchOptions.parse();
        BenchOptions soak = BenchOptions.parse("--soak=10m", "--rate=40");

        assertThat(benchmark.soak()).isNull();
        assertThat(soak.soak()).isEqualTo(Duration.ofMinutes(10));
        assertThat(soak.rate()).isEqualTo(40.0);
        assertThat(soak.reliabilityOutput().toString()).isEqualTo("RELIABILITY.md");
    }

    @Test
    void refusesOptionsNotWrittenAsNameValueAndNonPositiveSizes() {
        assertThatThrownBy(() -> BenchOptions.parse("tenants=5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--tenants=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rate=0")).isInstanceOf(IllegalArgumentException.class);
    }
}
