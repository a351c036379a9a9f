package com.nlre.tenancy.bench.cpu;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuAccountTest {

    @Test
    void theAggregateCpuLineCountsIdleAndIowaitAsIdleAndLeavesGuestTimeOut() {
        long[] jiffies = CpuAccount.parseCpuLine("cpu  100 5 50 800 20 1 2 3 40 0");

        assertThat(jiffies).containsExactly(100 + 5 + 50 + 800 + 20 + 1 + 2 + 3, 800 + 20);
    }

    @Test
    void aPerCoreLineIsRefused() {
        assertThatThrownBy(() -> CpuAccount.parseCpuLine("cpu0 1 2 3 4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accountsTheCpuTimeThisProcessSpendsDuringAPhase() {
        CpuAccount.Running running = CpuAccount.start("busy", Map.of("this JVM", ProcessHandle.current().pid(),
                "unknown", 0L));
        long until = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        CpuAccount.Use use = running.stop();

        assertThat(sink).isPositive();
        assertThat(use.cpuSeconds()).containsOnlyKeys("this JVM");
        assertThat(use.cpuSeconds().get("this JVM")).isGreaterThan(0.05);
        assertThat(use.wallSeconds()).isGreaterThanOrEqualTo(0.3);
        assertThat(use.coresUsed("this JVM")).isPositive();
    }
}
