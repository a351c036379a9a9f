package com.nlre.tenancy.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an operation from a fixed number of worker threads for a fixed time. Closed loop (rate 0): each worker sends
 * its next request when the previous one answered. Fixed rate: workers take start slots at 1/rate intervals and the
 * latency counts from the slot (so a slow answer delaying later requests is not hidden: no coordinated omission), as
 * long as there are enough workers to keep up.
 */
public final class Phase {

    /** One request: {@code worker} is the worker's index, {@code startNanos} when it is meant to start. */
    @FunctionalInterface
    public interface Operation {
        void run(int worker, long startNanos);
    }

    /** @return the phase's actual length in seconds */
    public static double run(int workers, Duration duration, double ratePerSecond, Operation operation) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = ratePerSecond > 0 ? (long) (1_000_000_000L / ratePerSecond) : 0;
        AtomicLong nextSlot = new AtomicLong(start);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                while (true) {
                    long slot = interval > 0 ? nextSlot.getAndAdd(interval) : System.nanoTime();
                    if (slot >= end) {
                        return;
                    }
                    long wait = slot - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    try {
                        operation.run(worker, slot);
                    } catch (RuntimeException e) {
                        System.err.println("[bench] request failed: " + e);
                    }
                }
            }, "bench-worker-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Phase() {
    }
}
