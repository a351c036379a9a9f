package com.nlre.tenancy.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointStatsTest {

    @Test
    void countsAnswersByStatusAndKeepsTheLatencyDistribution() {
        EndpointStats stats = new EndpointStats("add lead");
        for (int i = 1; i <= 99; i++) {
            stats.record(i * 1_000L, 201);
        }
        stats.record(500_000, 429);
        stats.record(30_000, 0);

        assertThat(stats.succeeded()).isEqualTo(99);
        assertThat(stats.errors()).isEqualTo(2);
        assertThat(stats.statuses()).containsEntry(201, 99L).containsEntry(429, 1L).containsEntry(0, 1L);
        assertThat(stats.histogram().getTotalCount()).isEqualTo(101);
        assertThat(stats.histogram().getMaxValue()).isBetween(499_000L, 501_000L);
        assertThat(stats.histogram().getValueAtPercentile(50)).isBetween(49_000L, 52_000L);
    }
}
