package com.nlre.tenancy.bench.cpu;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @Test
    void readsTheNameAndTheUserAndSystemTicksOfAThreadsStatLine() {
        ThreadCpu.Thread thread = ThreadCpu.parseStat(
                "4242 (http-nio-1 (x)) S 1 1 1 0 -1 4194368 100 0 0 0 250 75 0 0 20 0 60 0 123 456 789");

        assertThat(thread.name()).isEqualTo("http-nio-1 (x)");
        assertThat(thread.ticks()).isEqualTo(325);
    }

    @Test
    void threadsOfOneKindAreSummedUnderOneName() {
        assertThat(ThreadCpu.kind("http-nio-18001-exec-12")).isEqualTo("http-nio-#-exec-#");
        assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo("C# CompilerThre");
    }

    @Test
    void accountsTheBusyThreadOfThisProcessWhileItLives() throws Exception {
        ThreadCpu account = ThreadCpu.start(ProcessHandle.current().pid());
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch accounted = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            long until = System.nanoTime() + 300_000_000L;
            double sink = 0;
            while (System.nanoTime() < until) {
                sink += Math.sqrt(sink + 1);
            }
            spun.countDown();
            awaitQuietly(accounted);
        }, "busy-spinner-7");
        busy.start();
        spun.await();
        Map<String, Double> seconds = account.stop();
        accounted.countDown();
        busy.join();

        assertThat(seconds).containsKey("busy-spinner-#");
        assertThat(seconds.get("busy-spinner-#")).isGreaterThan(0.05);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
