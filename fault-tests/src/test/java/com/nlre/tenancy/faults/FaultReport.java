package com.nlre.tenancy.faults;

import com.nlre.tenancy.faults.FaultInjector.Fault;
import com.nlre.tenancy.faults.FaultPlatform.Target;
import com.nlre.tenancy.faults.Verifier.TenantCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The run's figures: one line for the build log, and a Markdown report with the details per fault and tenant. */
final class FaultReport {

    private final FaultProfile profile;
    private final String eventStore;
    private final List<Fault> faults;
    private final List<TenantCheck> checks;
    private final List<String> pipeline;
    private final double loadSeconds;
    private final double convergenceSeconds;

    /** @param pipeline the {@link PipelineProbe}'s observations once convergence ended */
    FaultReport(FaultProfile profile, String eventStore, List<Fault> faults, List<TenantCheck> checks,
                List<String> pipeline, double loadSeconds, double convergenceSeconds) {
        this.profile = profile;
        this.eventStore = eventStore;
        this.faults = faults;
        this.checks = checks;
        this.pipeline = List.copyOf(pipeline);
        this.loadSeconds = loadSeconds;
        this.convergenceSeconds = convergenceSeconds;
    }

    Map<Target, Long> faultsByKind() {
        Map<Target, Long> byKind = new EnumMap<>(Target.class);
        for (Target target : Target.values()) {
            byKind.put(target, faults.stream().filter(fault -> fault.target() == target).count());
        }
        return byKind;
    }

    int faultsInjected() {
        return faults.size();
    }

    int accepted() {
        return sum(check -> check.driver().acceptedCommands());
    }

    /** Accepted commands missing from the event store, stored events missing from or added to the read models. */
    int eventsLost() {
        return sum(check -> check.lost().size() + check.notProjected().size() + check.phantoms().size());
    }

    int duplicatesApplied() {
        return sum(check -> check.duplicates().size());
    }

    int crossTenantLeaks() {
        return sum(check -> check.leaks().size() + check.driver().leaks.size());
    }

    int quotasExceeded() {
        return sum(check -> check.quota().size());
    }

    int anomalies() {
        return sum(check -> check.anomalies().size() + check.driver().anomalies.size()
                + check.driver().unexpectedRefusals.size());
    }

    int unknown() {
        return sum(check -> check.driver().unknown.size());
    }

    private int sum(Function<TenantCheck, Integer> figure) {
        return checks.stream().mapToInt(figure::apply).sum();
    }

    String figuresLine() {
        String byKind = faultsByKind().entrySet().stream()
                .map(entry -> entry.getKey().label() + " " + entry.getValue()).collect(Collectors.joining(", "));
        return String.format("profile %s, seed %d: faults injected %d (%s); commands accepted %d; events lost %d; "
                        + "duplicates applied %d; cross-tenant leaks %d; quotas exceeded %d; unknown outcomes %d",
                profile.name(), profile.seed(), faults.size(), byKind, accepted(), eventsLost(), duplicatesApplied(),
                crossTenantLeaks(), quotasExceeded(), unknown());
    }

    /** Every finding, one per line, for a failure message. */
    List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (TenantCheck check : checks) {
            TenantDriver driver = check.driver();
            String prefix = driver.tag() + " (" + driver.tenantId() + "): ";
            List<List<String>> lists = List.of(check.lost(), check.notProjected(), check.phantoms(),
                    check.duplicates(), check.leaks(), driver.leaks, check.quota(), check.anomalies(),
                    driver.anomalies, driver.unexpectedRefusals);
            lists.forEach(list -> list.forEach(finding -> findings.add(prefix + finding)));
        }
        return findings;
    }

    void write(Path file) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault injection run\n\n");
        md.append("- when: ").append(Instant.now()).append('\n');
        md.append("- profile: `").append(profile.name()).append("`, seed `").append(profile.seed())
                .append("` (repeat with `-Dfaults.profile=").append(profile.name()).append(" -Dfaults.seed=")
                .append(profile.seed()).append("`)\n");
        md.append("- event store: ").append(eventStore).append('\n');
        md.append(String.format("- load ran %.0f s; read models matched the event store %.0f s after it stopped%n",
                loadSeconds, convergenceSeconds));
        md.append("- **").append(figuresLine()).append("**\n\n");

        md.append("## Faults\n\n");
        md.append("| # | killed (SIGKILL) | at (s into the load) | down (s) | back and ready after (s) |\n");
        md.append("| ---: | --- | ---: | ---: | ---: |\n");
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            md.append(String.format("| %d | %s | %.1f | %.1f | %.1f |%n", i + 1, fault.target().label(),
                    fault.atSeconds(), fault.downSeconds(), fault.recoverySeconds()));
        }

        md.append("\n## Tenants\n\nAccepted = answered 2xx. Applied without answer = the answer was lost and the retry "
                + "found the command applied. Store = the event store's LeadAdded / CallLogged. Read = the query "
                + "side's lead list and the sum of its leads' call counts. Usage = the usage report's leads and calls "
                + "this month.\n\n");
        md.append("| tenant | limits (leads/calls) | commands | attempts | mid-run reads | accepted leads "
                + "| accepted calls | quota refusals (leads/calls) | applied without answer | unknown | replays "
                + "| store leads / calls | read leads / calls | usage leads / calls | lost | duplicates | leaks |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- | --- | ---: "
                + "| ---: | ---: |\n");
        for (TenantCheck check : checks) {
            TenantDriver driver = check.driver();
            md.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %d / %d | %d | %d | %d | %d / %d | %d / %d "
                            + "| %d / %d | %d | %d | %d |%n",
                    driver.tag(), driver.quota() ? driver.leadLimit() + " / " + driver.callLimit() : "none",
                    driver.commandsSent.get(), driver.attempts.get(), driver.readsChecked.get(),
                    driver.acceptedLeads.size(), driver.acceptedCallCount(),
                    driver.leadsRefusedByQuota.get(), driver.callsRefusedByQuota.get(),
                    driver.appliedWithoutAnswer.size(), driver.unknown.size(), driver.replays.get(),
                    check.store().leads().size(), check.store().callCount(), check.readLeads(), check.readCalls(),
                    check.usageLeads(), check.usageCalls(),
                    check.lost().size() + check.notProjected().size() + check.phantoms().size(),
                    check.duplicates().size(), check.leaks().size() + driver.leaks.size()));
        }
        List<String> findings = findings();
        md.append("\n## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("None: nothing lost, nothing applied twice, nothing leaked, no quota exceeded.\n");
        } else {
            findings.forEach(finding -> md.append("- ").append(finding).append('\n'));
        }
        md.append("\n## Pipeline when the comparison ended\n\nThe outbox's and the consumers' metrics; for a tenant "
                + "whose read models fell short, how many stored leads never reached the events topic.\n\n");
        pipeline.forEach(line -> md.append("- `").append(line).append("`\n"));
        List<String> retried = checks.stream().flatMap(check -> check.driver().retriedAnswers.entrySet().stream()
                .map(entry -> check.driver().tag() + " " + entry.getKey() + ": " + entry.getValue())).sorted().toList();
        if (!retried.isEmpty()) {
            md.append("\n## Commands that needed more than one attempt (same Idempotency-Key), with their answers\n\n"
                    + "0 = no answer (connection refused or reset).\n\n");
            retried.forEach(entry -> md.append("- ").append(entry).append('\n'));
        }
        List<String> unknown = checks.stream().flatMap(check -> check.driver().unknown.stream()
                .map(entry -> check.driver().tag() + ": " + entry)).toList();
        if (!unknown.isEmpty()) {
            md.append("\n## Commands left unknown (no final answer within the retry deadline)\n\n");
            unknown.forEach(entry -> md.append("- ").append(entry).append('\n'));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
