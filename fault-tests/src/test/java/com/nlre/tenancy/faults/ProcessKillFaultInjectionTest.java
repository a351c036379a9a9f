package com.nlre.tenancy.faults;

import com.nlre.tenancy.faults.FaultInjector.Fault;
import com.nlre.tenancy.faults.Verifier.TenantCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.nlre.tenancy.faults.FaultInjector.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The platform as it runs in production — local-infra (Kafka broker and MongoDB), command side and query side as
 * separate processes — while several tenants send commands, some past their plan's limits, and the same lead and call
 * ids are used in every tenant. The query side, the command side and the broker are killed with SIGKILL at seeded
 * random moments and restarted. Afterwards: every command answered 2xx has its events in the event store; the read
 * models (lead list, each lead's call count and calls, the usage report) hold every stored event exactly once and
 * nothing else; no quota tenant holds more than its limits; no tenant reads another tenant's data.
 *
 * <p>Profile {@code ci} by default; {@code -Dfaults.profile=long} runs more tenants and kills (about 10 minutes on an idle machine).
 * {@code -Dfaults.seed=N} repeats a run. Figures go to the build log and {@code target/fault-report.md}; the
 * processes' logs stay under {@code target/fault-run/logs}.
 */
class ProcessKillFaultInjectionTest {

    @Test
    void everyAcceptedCommandSurvivesKilledProcessesAndReachesItsOwnTenantsReadModelsOnceWithinItsQuota() {
        FaultProfile profile = FaultProfile.fromSystemProperties();
        log("profile " + profile.name() + ", seed " + profile.seed() + " (repeat with -Dfaults.seed="
                + profile.seed() + ")");
        FaultReport report = assertTimeoutPreemptively(profile.runBound(), () -> run(profile));

        assertSoftly(softly -> {
            String findings = String.join("\n", report.findings());
            softly.assertThat(report.faultsInjected()).as("faults injected").isEqualTo(profile.kills());
            softly.assertThat(report.faultsByKind().values()).as("faults injected of each kind")
                    .allMatch(count -> count > 0);
            softly.assertThat(report.eventsLost()).as("events lost\n" + findings).isZero();
            softly.assertThat(report.duplicatesApplied()).as("duplicates applied\n" + findings).isZero();
            softly.assertThat(report.crossTenantLeaks()).as("cross-tenant leaks\n" + findings).isZero();
            softly.assertThat(report.quotasExceeded()).as("quotas exceeded\n" + findings).isZero();
            softly.assertThat(report.anomalies()).as("unexpected answers or read-model content\n" + findings)
                    .isZero();
        });
    }

    private static FaultReport run(FaultProfile profile) throws Exception {
        Path runDir = Paths.get(System.getProperty("faults.run-dir", "target/fault-run"));
        Path reportFile = Paths.get(System.getProperty("faults.report", "target/fault-report.md"));
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Api api = new Api();
        try (FaultPlatform platform = new FaultPlatform(runDir, profile.readyTimeout())) {
            long started = System.nanoTime();
            platform.start();
            log(String.format("platform ready in %.0f s: command side %s, query side %s, event store %s",
                    (System.nanoTime() - started) / 1e9, platform.commandUrl(), platform.queryUrl(),
                    platform.eventStoreDescription()));
            List<TenantDriver> drivers = new ArrayList<>();
            for (int i = 0; i < profile.tenants(); i++) {
                TenantDriver driver = new TenantDriver(i, i < profile.quotaTenants(), profile, platform, api, runId);
                driver.signUp();
                drivers.add(driver);
            }
            log(drivers.size() + " tenants signed up (" + profile.quotaTenants() + " limited to "
                    + profile.leadLimit() + " leads and " + profile.callLimit() + " calls); load and faults begin");

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService workers = Executors.newFixedThreadPool(drivers.size() * profile.workersPerTenant());
            List<Fault> faults;
            double loadSeconds;
            try {
                List<Future<?>> running = new ArrayList<>();
                for (TenantDriver driver : drivers) {
                    for (int worker = 0; worker < profile.workersPerTenant(); worker++) {
                        int number = worker;
                        running.add(workers.submit(() -> driver.run(number, stop)));
                    }
                }
                long loadStart = System.nanoTime();
                faults = new FaultInjector(profile, platform).run(loadStart);
                FaultPlatform.pause(profile.tail().toMillis());
                stop.set(true);
                for (Future<?> worker : running) {
                    worker.get(profile.commandDeadline().toSeconds() + 60, TimeUnit.SECONDS);
                }
                loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            } finally {
                stop.set(true);
                workers.shutdownNow();
            }
            int sent = drivers.stream().mapToInt(driver -> driver.commandsSent.get()).sum();
            log(String.format("load stopped after %.0f s: %d commands sent, %d accepted; comparing the read models "
                    + "with the event store", loadSeconds, sent, drivers.stream()
                    .mapToInt(TenantDriver::acceptedCommands).sum()));

            platform.awaitHealthy();
            long convergenceStart = System.nanoTime();
            List<TenantCheck> checks = converge(profile, new Verifier(platform, api, profile.tenants()), drivers);
            double convergenceSeconds = (System.nanoTime() - convergenceStart) / 1e9;
            List<String> pipeline = new PipelineProbe(platform, api).observe(checks);
            pipeline.forEach(line -> log("pipeline: " + line));
            FaultReport report = new FaultReport(profile, platform.eventStoreDescription(), faults, checks, pipeline,
                    loadSeconds, convergenceSeconds);
            report.write(reportFile);
            log(report.figuresLine());
            log("report: " + reportFile.toAbsolutePath() + "; process logs: " + platform.runDir().resolve("logs"));
            for (TenantDriver driver : drivers) {
                if (driver.quota()) {
                    assertThat(driver.leadsRefusedByQuota.get()).as(driver.tag() + " was pushed past its lead limit")
                            .isPositive();
                }
                assertThat(driver.acceptedCommands()).as(driver.tag() + " had commands accepted").isPositive();
            }
            return report;
        }
    }

    /**
     * Checks every tenant until the read models say what the event store says, or the convergence timeout passes
     * (at-least-once delivery may still be catching up after the last restart); answers the last checks.
     */
    private static List<TenantCheck> converge(FaultProfile profile, Verifier verifier, List<TenantDriver> drivers) {
        long deadline = System.nanoTime() + profile.convergenceTimeout().toNanos();
        while (true) {
            List<TenantCheck> checks;
            try {
                checks = drivers.stream().map(verifier::check).toList();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log("check failed, trying again: " + e.getMessage());
                FaultPlatform.pause(3000);
                continue;
            }
            if (checks.stream().allMatch(TenantCheck::converged) || System.nanoTime() > deadline) {
                return checks;
            }
            FaultPlatform.pause(Duration.ofSeconds(3).toMillis());
        }
    }
}
