package com.nlre.tenancy.faults;

import com.nlre.tenancy.faults.FaultPlatform.Target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The run's faults, one after the other while the workload runs: the platform is left healthy under load for a
 * random gap, then one process is killed with SIGKILL, stays down for a random time, is restarted, and the next gap
 * starts once every process answers ready again. Kinds take turns (each at least once), in a random order; gaps,
 * downtimes and order all come from the run's seed.
 */
final class FaultInjector {

    /** One injected fault: what, when (seconds into the load), how long it stayed down, how long recovery took. */
    record Fault(Target target, double atSeconds, double downSeconds, double recoverySeconds) {
    }

    private final FaultProfile profile;
    private final FaultPlatform platform;
    private final Random random;
    private final List<Fault> injected = new ArrayList<>();

    FaultInjector(FaultProfile profile, FaultPlatform platform) {
        this.profile = profile;
        this.platform = platform;
        this.random = new Random(profile.seed());
    }

    List<Target> plan() {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < profile.kills(); i++) {
            targets.add(Target.values()[i % Target.values().length]);
        }
        Collections.shuffle(targets, random);
        return targets;
    }

    /**
     * Injects every planned fault, unless the workload's time runs out first ({@code loadStartNanos} +
     * {@code maxWorkload}); answers the faults injected.
     */
    List<Fault> run(long loadStartNanos) {
        long workloadEnd = loadStartNanos + profile.maxWorkload().toNanos();
        for (Target target : plan()) {
            long gapMillis = between(profile.minGap().toMillis(), profile.maxGap().toMillis());
            if (System.nanoTime() + gapMillis * 1_000_000 > workloadEnd) {
                log("workload time is up; " + (profile.kills() - injected.size()) + " planned faults left out");
                break;
            }
            FaultPlatform.pause(gapMillis);
            double at = seconds(System.nanoTime() - loadStartNanos);
            long downMillis = between(0, profile.maxDowntime().toMillis());
            log(String.format("+%.1fs kill -9 %s; restart in %.1f s", at, target.label(), downMillis / 1000.0));
            platform.kill(target);
            FaultPlatform.pause(downMillis);
            long restart = System.nanoTime();
            platform.restart(target);
            double recovery = seconds(System.nanoTime() - restart);
            log(String.format("%s back and every process ready after %.1f s", target.label(), recovery));
            injected.add(new Fault(target, at, downMillis / 1000.0, recovery));
        }
        return List.copyOf(injected);
    }

    List<Fault> injected() {
        return List.copyOf(injected);
    }

    private long between(long low, long high) {
        return low + (long) (random.nextDouble() * (high - low));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void log(String message) {
        System.out.printf("[faults %tT] %s%n", System.currentTimeMillis(), message);
    }
}
