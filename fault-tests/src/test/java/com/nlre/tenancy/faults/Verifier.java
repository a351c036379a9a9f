package com.nlre.tenancy.faults;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares, for one tenant, what its worker was told with the event store (the command side's operator history, the
 * source of truth) and the event store with the query side's read models (leads, each lead's calls, the usage report),
 * read with the tenant's own credential.
 */
final class Verifier {

    private static final int HISTORY_PAGE = 5000;
    private static final int READ_PAGE = 100;

    private final FaultPlatform platform;
    private final Api api;
    private final int tenantCount;

    Verifier(FaultPlatform platform, Api api, int tenantCount) {
        this.platform = platform;
        this.api = api;
        this.tenantCount = tenantCount;
    }

    /** A tenant's events in the event store: leads (leadId → LeadAdded count), calls (leadId → callId → count). */
    record Store(Map<String, Integer> leads, Map<String, Map<String, Integer>> calls, List<Instant> callTimes,
                 List<String> foreign) {

        int callCount() {
            return calls.values().stream().mapToInt(Map::size).sum();
        }

        boolean hasCall(String leadId, String callId) {
            return calls.getOrDefault(leadId, Map.of()).containsKey(callId);
        }
    }

    /** One tenant's findings; every list names the lead, call or meter at fault. */
    record TenantCheck(TenantDriver driver, Store store, int readLeads, long readCalls, long usageLeads,
                       long usageCalls, long usageCallsExpected, List<String> lost, List<String> notProjected,
                       List<String> phantoms, List<String> duplicates, List<String> leaks, List<String> quota,
                       List<String> anomalies) {

        /** The read models say exactly what the event store says (what waiting can still change). */
        boolean converged() {
            return notProjected.isEmpty() && phantoms.isEmpty() && duplicates.isEmpty();
        }
    }

    TenantCheck check(TenantDriver driver) {
        Store store = store(driver.tenantId());
        List<String> lost = new ArrayList<>();
        List<String> notProjected = new ArrayList<>();
        List<String> phantoms = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> leaks = new ArrayList<>(store.foreign());
        List<String> quota = new ArrayList<>();
        List<String> anomalies = new ArrayList<>();

        for (String leadId : driver.acceptedLeads) {
            if (!store.leads().containsKey(leadId)) {
                lost.add("lead " + leadId + " was accepted (2xx) but is not in the event store");
            }
        }
        driver.acceptedCalls.forEach((leadId, callIds) -> callIds.forEach(callId -> {
            if (!store.hasCall(leadId, callId)) {
                lost.add("call " + leadId + "/" + callId + " was accepted (2xx) but is not in the event store");
            }
        }));
        for (String entry : driver.appliedWithoutAnswer) {
            String[] parts = entry.split(" ", 2);
            boolean stored = parts[0].equals("lead") ? store.leads().containsKey(parts[1])
                    : store.hasCall(parts[1].split("/")[0], parts[1].split("/")[1]);
            if (!stored) {
                anomalies.add(entry + " was answered as already applied but is not in the event store");
            }
        }
        store.leads().forEach((leadId, count) -> {
            if (count > 1) {
                duplicates.add("event store: lead " + leadId + " added " + count + " times");
            }
        });
        store.calls().forEach((leadId, calls) -> calls.forEach((callId, count) -> {
            if (count > 1) {
                duplicates.add("event store: call " + leadId + "/" + callId + " logged " + count + " times");
            }
        }));

        Map<String, JsonNode> read = new LinkedHashMap<>();
        for (JsonNode lead : pages(driver, platform.queryUrl() + "/api/v1/leads?sort=createdAt&limit=" + READ_PAGE)) {
            String leadId = lead.path("leadId").asText();
            if (read.put(leadId, lead) != null) {
                duplicates.add("read model: lead " + leadId + " listed twice");
            }
            TenantDriver.nameProblem(driver.tag(), lead)
                    .ifPresent(problem -> (problem.startsWith("leak") ? leaks : anomalies).add(problem));
        }
        for (String leadId : store.leads().keySet()) {
            if (!read.containsKey(leadId)) {
                notProjected.add("lead " + leadId + " is in the event store but not in the read model");
            }
        }
        for (String leadId : read.keySet()) {
            if (!store.leads().containsKey(leadId)) {
                phantoms.add("lead " + leadId + " is in the read model but not in the event store");
            }
        }
        Map<String, Integer> phantomCalls = checkCalls(driver, store, notProjected, phantoms, duplicates, leaks);
        long readCalls = 0;
        for (Map.Entry<String, JsonNode> entry : read.entrySet()) {
            String leadId = entry.getKey();
            long callCount = entry.getValue().path("callCount").asLong();
            readCalls += callCount;
            compare("read model: lead " + leadId + " call count", callCount,
                    store.calls().getOrDefault(leadId, Map.of()).size(), phantomCalls.getOrDefault(leadId, 0),
                    notProjected, duplicates);
        }
        int phantomLeads = (int) read.keySet().stream().filter(leadId -> !store.leads().containsKey(leadId)).count();
        int allPhantomCalls = phantomCalls.values().stream().mapToInt(Integer::intValue).sum();

        JsonNode usage = usage(driver, null);
        long usageLeads = used(usage, "leads");
        long usageCalls = used(usage, "calls");
        Instant periodStart = Instant.parse(usage.path("period").path("start").asText());
        Instant periodEnd = Instant.parse(usage.path("period").path("end").asText());
        long expectedCalls = store.callTimes().stream()
                .filter(at -> !at.isBefore(periodStart) && at.isBefore(periodEnd)).count();
        compare("usage: leads", usageLeads, store.leads().size(), phantomLeads, notProjected, duplicates);
        compare("usage: calls in " + usage.path("period").path("id").asText(), usageCalls, expectedCalls,
                allPhantomCalls, notProjected, duplicates);
        if (store.callTimes().stream().anyMatch(at -> at.isBefore(periodStart))) {
            String previous = YearMonth.parse(usage.path("period").path("id").asText()).minusMonths(1).toString();
            JsonNode before = usage(driver, previous);
            Instant start = Instant.parse(before.path("period").path("start").asText());
            long expectedBefore = store.callTimes().stream()
                    .filter(at -> !at.isBefore(start) && at.isBefore(periodStart)).count();
            compare("usage: calls in " + previous, used(before, "calls"), expectedBefore, allPhantomCalls,
                    notProjected, duplicates);
            checkCallQuota(driver, previous, expectedBefore, false, quota, anomalies);
        }
        checkLeadQuota(driver, store, quota, anomalies);
        checkCallQuota(driver, usage.path("period").path("id").asText(), expectedCalls,
                store.callTimes().size() == expectedCalls, quota, anomalies);
        return new TenantCheck(driver, store, read.size(), readCalls, usageLeads, usageCalls, expectedCalls, lost,
                notProjected, phantoms, duplicates, leaks, quota, anomalies);
    }

    /** A quota tenant holds at most its lead limit; once refused for it, exactly the limit (no reservation leaked). */
    private static void checkLeadQuota(TenantDriver driver, Store store, List<String> quota, List<String> anomalies) {
        if (!driver.quota()) {
            return;
        }
        int leads = store.leads().size();
        if (leads > driver.leadLimit()) {
            quota.add("leads: " + leads + " in the event store, limit " + driver.leadLimit());
        } else if (driver.leadsRefusedByQuota.get() > 0 && leads < driver.leadLimit()) {
            anomalies.add("leads: refused for the quota at " + leads + " of limit " + driver.leadLimit());
        }
    }

    /**
     * A quota tenant's calls in one billing month are at most its call limit; when every call of the run fell in that
     * month and one was refused for the quota, exactly the limit.
     */
    private static void checkCallQuota(TenantDriver driver, String period, long calls, boolean wholeRun,
                                       List<String> quota, List<String> anomalies) {
        if (!driver.quota()) {
            return;
        }
        if (calls > driver.callLimit()) {
            quota.add("calls in " + period + ": " + calls + " in the event store, limit " + driver.callLimit());
        } else if (wholeRun && driver.callsRefusedByQuota.get() > 0 && calls < driver.callLimit()) {
            anomalies.add("calls in " + period + ": refused for the quota at " + calls + " of limit "
                    + driver.callLimit());
        }
    }

    /**
     * The tenant's calls as the query side lists them: each stored call once, nothing else, all of this tenant;
     * answers the calls listed that the event store lacks, per lead.
     */
    private Map<String, Integer> checkCalls(TenantDriver driver, Store store, List<String> notProjected,
                                            List<String> phantoms, List<String> duplicates, List<String> leaks) {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Set<String>> byRequest = new TreeMap<>();
        for (JsonNode call : pages(driver, platform.queryUrl() + "/api/v1/calls?limit=" + READ_PAGE)) {
            if (call.path("blocked").asBoolean()) {
                continue;
            }
            String leadId = call.path("leadId").asText();
            String callId = call.path("callId").asText();
            seen.merge(leadId + "/" + callId, 1, Integer::sum);
            byRequest.computeIfAbsent(call.path("notes").asText(), key -> new TreeSet<>()).add(leadId + "/" + callId);
            int duration = call.path("durationSeconds").asInt();
            if (duration != driver.callDuration()) {
                int other = duration - 60;
                leaks.add("leak: tenant " + driver.tag() + " read call " + leadId + "/" + callId + " of "
                        + (other >= 0 && other < tenantCount ? "tenant T" + other : "no tenant") + " ("
                        + duration + " s)");
            }
        }
        Map<String, Integer> phantomCalls = new HashMap<>();
        seen.forEach((call, count) -> {
            if (count > 1) {
                duplicates.add("read model: call " + call + " listed " + count + " times");
            }
            String[] ids = call.split("/", 2);
            if (!store.hasCall(ids[0], ids[1])) {
                phantoms.add("call " + call + " is in the read model but not in the event store");
                phantomCalls.merge(ids[0], 1, Integer::sum);
            }
        });
        byRequest.forEach((key, calls) -> {
            if (calls.size() > 1) {
                duplicates.add("one request (Idempotency-Key " + key + ") was applied " + calls.size()
                        + " times: calls " + calls);
            }
        });
        store.calls().forEach((leadId, calls) -> calls.keySet().stream()
                .filter(callId -> !seen.containsKey(leadId + "/" + callId))
                .forEach(callId -> notProjected.add("call " + leadId + "/" + callId
                        + " is in the event store but not in the read model")));
        return phantomCalls;
    }

    /**
     * A figure of the read models against the event store's: below it, events not (yet) projected; above it by more
     * than the {@code phantoms} already listed (read-model entries the event store lacks), events applied twice.
     */
    private static void compare(String what, long read, long stored, int phantoms, List<String> notProjected,
                                List<String> duplicates) {
        if (read > stored + phantoms) {
            duplicates.add(what + ": " + read + ", the event store holds " + stored);
        } else if (read < stored) {
            notProjected.add(what + ": " + read + ", the event store holds " + stored);
        }
    }

    /** The tenant's LeadAdded and CallLogged events from the command side's operator history, every page. */
    Store store(String tenantId) {
        Map<String, Integer> leads = new TreeMap<>();
        Map<String, Map<String, Integer>> calls = new TreeMap<>();
        List<Instant> callTimes = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        String after = null;
        while (true) {
            String url = platform.commandUrl() + "/api/v1/operator/tenants/" + tenantId
                    + "/history?type=LeadAdded&type=CallLogged&limit=" + HISTORY_PAGE
                    + (after == null ? "" : "&after=" + after);
            Api.Answer answer = api.get(url, "Authorization", platform.operatorAuthorization());
            if (answer.status() != 200) {
                throw new IllegalStateException("history of " + tenantId + ": " + answer.brief());
            }
            List<JsonNode> lines = Api.lines(answer);
            for (JsonNode event : lines) {
                if (!tenantId.equals(event.path("tenantId").asText())) {
                    foreign.add("leak: the history of " + tenantId + " holds event " + event.path("eventId").asText()
                            + " of " + event.path("tenantId").asText());
                    continue;
                }
                JsonNode payload = event.path("payload");
                String leadId = id(payload.path("leadId"));
                if ("LeadAdded".equals(event.path("type").asText())) {
                    leads.merge(leadId, 1, Integer::sum);
                } else {
                    calls.computeIfAbsent(leadId, id -> new TreeMap<>()).merge(payload.path("callId").asText(), 1,
                            Integer::sum);
                    callTimes.add(Instant.parse(event.path("occurredAt").asText()));
                }
            }
            if (lines.size() < HISTORY_PAGE) {
                return new Store(leads, calls, callTimes, foreign);
            }
            after = answer.header("X-Next-Cursor");
        }
    }

    /** Every item of a cursor-paginated read, with the tenant's credential. */
    private List<JsonNode> pages(TenantDriver driver, String firstPage) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String url = cursor == null ? firstPage
                    : firstPage + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            Api.Answer page = api.get(url, "Authorization", driver.bearer());
            if (page.status() != 200) {
                throw new IllegalStateException(driver.tag() + " " + url + ": " + page.brief());
            }
            JsonNode body = page.json();
            body.path("items").forEach(items::add);
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    private JsonNode usage(TenantDriver driver, String period) {
        Api.Answer answer = api.get(platform.queryUrl() + "/api/v1/usage" + (period == null ? "" : "?period=" + period),
                "Authorization", driver.bearer());
        if (answer.status() != 200) {
            throw new IllegalStateException(driver.tag() + " usage: " + answer.brief());
        }
        return answer.json();
    }

    private static long used(JsonNode usage, String meter) {
        for (JsonNode entry : usage.path("meters")) {
            if (meter.equals(entry.path("meter").asText())) {
                return entry.path("used").asLong();
            }
        }
        throw new IllegalStateException("no meter " + meter + " in " + usage);
    }

    /** A typed id as serialized: a plain string or {@code {"value": …}}. */
    static String id(JsonNode node) {
        return node.isTextual() ? node.asText() : node.path("value").asText();
    }
}
