package com.nlre.tenancy.faults;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tenant's side of the workload, run by {@code workersPerTenant} worker threads: adds leads with client ids
 * ({@code lead-1}, {@code lead-2}… — the same ids in every tenant), logs calls against its leads (mostly with client
 * ids, the same in every tenant), and now and then lists its leads on the query side. Every command carries an
 * {@code Idempotency-Key} and is retried with it while no final answer comes (no answer, 5xx, a duplicate still in
 * flight, the request rate); what it finally got is recorded: a 2xx is accepted, a quota refusal is counted, and a
 * command that never got a final answer is unknown, never accepted.
 */
final class TenantDriver {

    static final String QUOTA_EXCEEDED = "quota-exceeded";
    private static final Pattern OWNER_NAME = Pattern.compile("^Owner (T\\d+) (\\S+)$");
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(10);
    private static final String PASSWORD = "fault injection owner password";

    private final int index;
    private final String tag;
    private final Long leadLimit;
    private final Long callLimit;
    private final FaultPlatform platform;
    private final FaultProfile profile;
    private final Api api;
    private final String runId;
    private String tenantId;
    private String email;
    private volatile String bearer;
    private volatile long bearerNanos;

    private final Map<String, String> phones = new ConcurrentHashMap<>();
    private final List<String> callableLeads = new CopyOnWriteArrayList<>();
    private final AtomicInteger leadSequence = new AtomicInteger();
    private final AtomicInteger callSequence = new AtomicInteger();

    final Set<String> acceptedLeads = ConcurrentHashMap.newKeySet();
    /** leadId → the call ids accepted for it. */
    final Map<String, Set<String>> acceptedCalls = new ConcurrentHashMap<>();
    /** Commands whose answer was lost and whose retry found them already applied (409 lead exists, 422 call id). */
    final Set<String> appliedWithoutAnswer = ConcurrentHashMap.newKeySet();
    final List<String> unknown = new CopyOnWriteArrayList<>();
    /** Commands that needed more than one attempt → the answers they got, in order. */
    final Map<String, String> retriedAnswers = new ConcurrentHashMap<>();
    final List<String> unexpectedRefusals = new CopyOnWriteArrayList<>();
    final List<String> leaks = new CopyOnWriteArrayList<>();
    final List<String> anomalies = new CopyOnWriteArrayList<>();
    final AtomicInteger commandsSent = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger replays = new AtomicInteger();
    final AtomicInteger leadsRefusedByQuota = new AtomicInteger();
    final AtomicInteger callsRefusedByQuota = new AtomicInteger();
    final AtomicInteger callsBlocked = new AtomicInteger();
    final AtomicInteger readsChecked = new AtomicInteger();

    TenantDriver(int index, boolean quota, FaultProfile profile, FaultPlatform platform, Api api, String runId) {
        this.index = index;
        this.tag = "T" + index;
        this.leadLimit = quota ? (long) profile.leadLimit() : null;
        this.callLimit = quota ? (long) profile.callLimit() : null;
        this.profile = profile;
        this.platform = platform;
        this.api = api;
        this.runId = runId;
    }

    String tag() {
        return tag;
    }

    String tenantId() {
        return tenantId;
    }

    boolean quota() {
        return leadLimit != null;
    }

    Long leadLimit() {
        return leadLimit;
    }

    Long callLimit() {
        return callLimit;
    }

    /** The call duration that marks this tenant's calls, so a call read in another tenant is recognised. */
    int callDuration() {
        return 60 + index;
    }

    static String ownerName(String tag, String leadId) {
        return "Owner " + tag + " " + leadId;
    }

    /** The tenant, created by the operator: enterprise, with this driver's limits (or practically none). */
    void signUp() {
        email = "owner-" + tag.toLowerCase() + "-" + runId + "@faults.test";
        long maxLeads = leadLimit == null ? 1_000_000_000L : leadLimit;
        long maxCalls = callLimit == null ? 1_000_000_000L : callLimit;
        String body = """
                {"businessName":"Fault Tenant %s","businessType":"wholesale","plan":"enterprise",
                 "limits":{"maxLeads":%d,"maxCalls":%d},"ownerPassword":"%s",
                 "configuration":{"tcpa":{"requireWrittenConsent":false,"callWindowStart":"00:00",
                                          "callWindowEnd":"23:59"}},
                 "owner":{"name":"Fault Owner","email":"%s","phone":"+15551234567"}}"""
                .formatted(tag, maxLeads, maxCalls, PASSWORD, email);
        Api.Answer created = retried(() -> api.post(platform.commandUrl() + "/api/v1/tenants", body,
                "Authorization", platform.operatorAuthorization(), "Idempotency-Key", "tenant-" + tag + "-" + runId));
        if (created.status() != 201) {
            throw new IllegalStateException("creating tenant " + tag + " failed: " + created.brief());
        }
        tenantId = created.json().path("tenantId").asText();
        bearer();
    }

    /** The owner's {@code Authorization} value, logging in again before the token's 15 minutes run out. */
    String bearer() {
        String current = bearer;
        if (current != null && System.nanoTime() - bearerNanos < TOKEN_RENEWAL.toNanos()) {
            return current;
        }
        return login();
    }

    private synchronized String login() {
        if (bearer == null || System.nanoTime() - bearerNanos > TOKEN_RENEWAL.toNanos()) {
            Api.Answer login = retried(() -> api.post(platform.commandUrl() + "/api/v1/auth/token",
                    "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(tenantId, email, PASSWORD)));
            if (login.status() != 200) {
                throw new IllegalStateException("login of " + tag + " failed: " + login.brief());
            }
            bearerNanos = System.nanoTime();
            bearer = "Bearer " + login.json().path("accessToken").asText();
        }
        return bearer;
    }

    /**
     * One worker's loop: operations until {@code stop} says so or the tenant's command budget is spent; its choices
     * come from the run's seed.
     */
    void run(int worker, AtomicBoolean stop) {
        Random random = new Random(profile.seed() * 31 + index * 8L + worker);
        while (!stop.get() && commandsSent.get() < profile.commandsPerTenant()) {
            int roll = random.nextInt(100);
            if (roll < 40 || (roll < 85 && callableLeads.isEmpty())) {
                addLead();
            } else if (roll < 85) {
                logCall(random);
            } else {
                readOwnLeads();
            }
            long pause = profile.minPause().toMillis()
                    + (long) (random.nextDouble() * (profile.maxPause().toMillis() - profile.minPause().toMillis()));
            FaultPlatform.pause(pause);
        }
    }

    private void addLead() {
        int sequence = leadSequence.incrementAndGet();
        String leadId = "lead-" + sequence;
        String phone = String.format("+1555%02d%05d", index, sequence);
        String body = """
                {"leadId":"%s","contact":{"name":"%s","phones":["%s"]},"source":"faults","tags":["faults"]}"""
                .formatted(leadId, ownerName(tag, leadId), phone);
        String what = "lead " + leadId;
        Outcome outcome = command("/api/v1/leads", body, key(what), what);
        switch (outcome.kind()) {
            case ACCEPTED -> {
                acceptedLeads.add(leadId);
                phones.put(leadId, phone);
                callableLeads.add(leadId);
            }
            case REFUSED -> {
                Api.Answer answer = outcome.answer();
                if (answer.status() == 429 && QUOTA_EXCEEDED.equals(answer.problemType())) {
                    leadsRefusedByQuota.incrementAndGet();
                } else if (answer.status() == 409 && "conflict".equals(answer.problemType()) && outcome.retried()) {
                    appliedWithoutAnswer.add("lead " + leadId);
                    phones.put(leadId, phone);
                    callableLeads.add(leadId);
                } else {
                    unexpectedRefusals.add("lead " + leadId + ": " + answer.brief());
                }
            }
            case UNKNOWN -> unknown.add("lead " + leadId + ": " + outcome.answer().brief());
        }
    }

    /**
     * Logs a call; two in three carry a client {@code callId}, the others only their idempotency key, which they also
     * carry as their notes so a call applied twice for one request is recognised in the read model.
     */
    private void logCall(Random random) {
        String leadId = callableLeads.get(random.nextInt(callableLeads.size()));
        int sequence = callSequence.incrementAndGet();
        boolean clientId = random.nextInt(3) != 0;
        String callId = clientId ? "call-" + sequence : null;
        String what = "call " + leadId + "/" + (clientId ? callId : "request-" + sequence);
        String key = key(what);
        String body = """
                {%s"direction":"outbound","phone":"%s","durationSeconds":%d,"outcome":"connected",\
                "notes":"%s","recorded":false,"transcribed":false}""".formatted(
                clientId ? "\"callId\":\"" + callId + "\"," : "", phones.get(leadId), callDuration(), key);
        Outcome outcome = command("/api/v1/leads/" + leadId + "/calls", body, key, what);
        switch (outcome.kind()) {
            case ACCEPTED -> acceptedCalls.computeIfAbsent(leadId, id -> ConcurrentHashMap.newKeySet())
                    .add(outcome.answer().json().path("callId").asText());
            case REFUSED -> {
                Api.Answer answer = outcome.answer();
                if (answer.status() == 429 && QUOTA_EXCEEDED.equals(answer.problemType())) {
                    callsRefusedByQuota.incrementAndGet();
                } else if (answer.status() == 422 && "call-blocked".equals(answer.problemType())) {
                    // the calling window closes at 23:59 in the tenant's zone: recorded as CallBlocked, not a call
                    callsBlocked.incrementAndGet();
                } else if (answer.status() == 422 && "CALL_ID_UNIQUE_PER_LEAD".equals(answer.rule())
                        && outcome.retried()) {
                    appliedWithoutAnswer.add(what);
                } else {
                    unexpectedRefusals.add(what + ": " + answer.brief());
                }
            }
            case UNKNOWN -> unknown.add(what + ": " + outcome.answer().brief());
        }
    }

    /** A read as a user would do it mid-run: whatever the query side shows must be this tenant's own. */
    private void readOwnLeads() {
        Api.Answer page = api.get(platform.queryUrl() + "/api/v1/leads?limit=20", "Authorization", bearer());
        if (page.status() == 401) {
            bearer = null;
            return;
        }
        if (page.status() != 200) {
            return;
        }
        for (JsonNode lead : page.json().path("items")) {
            nameProblem(tag, lead).ifPresent(problem -> (problem.startsWith("leak") ? leaks : anomalies)
                    .add("mid-run " + problem));
        }
        readsChecked.incrementAndGet();
    }

    /**
     * What is wrong with a lead read in tenant {@code tag}: nothing when it carries the tenant's name for it, a leak
     * when it carries another tenant's, else an unexpected name.
     */
    static Optional<String> nameProblem(String tag, JsonNode lead) {
        String leadId = lead.path("leadId").asText();
        String name = lead.path("name").asText();
        if (name.equals(ownerName(tag, leadId))) {
            return Optional.empty();
        }
        Matcher owner = OWNER_NAME.matcher(name);
        String description = "tenant " + tag + " read lead " + leadId + " named '" + name + "'";
        return Optional.of(owner.matches() && !owner.group(1).equals(tag) ? "leak: " + description
                : "unexpected name: " + description);
    }

    enum Kind { ACCEPTED, REFUSED, UNKNOWN }

    /** The answers one command got, repeats collapsed: {@code 0 ×3, 409 idempotency-key-in-flight ×12, 201}. */
    private static final class AnswerTrail {

        private final List<String> answers = new ArrayList<>();
        private final List<Integer> repeats = new ArrayList<>();

        void add(Api.Answer answer) {
            String type = answer.problemType();
            String rule = answer.rule();
            String text = answer.status() + (type.isEmpty() ? "" : " " + type) + (rule.isEmpty() ? "" : " " + rule);
            int last = answers.size() - 1;
            if (last >= 0 && answers.get(last).equals(text)) {
                repeats.set(last, repeats.get(last) + 1);
            } else {
                answers.add(text);
                repeats.add(1);
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < answers.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(answers.get(i))
                        .append(repeats.get(i) > 1 ? " ×" + repeats.get(i) : "");
            }
            return text.toString();
        }
    }

    /** A command's final outcome; {@code retried} when an earlier attempt got no final answer. */
    record Outcome(Kind kind, Api.Answer answer, boolean retried) {
    }

    /** The idempotency key of one logical command: unique in the run (keys are scoped to the tenant anyway). */
    private String key(String what) {
        return runId + "-" + tag + "-" + what.replace(' ', '-').replace('/', '-');
    }

    /**
     * Sends one command until a final answer comes or the command deadline passes, always with the same key. The
     * answers of a command that needed more than one attempt are kept in {@link #retriedAnswers}.
     */
    private Outcome command(String path, String body, String key, String what) {
        commandsSent.incrementAndGet();
        long deadline = System.nanoTime() + profile.commandDeadline().toNanos();
        boolean retried = false;
        long backoff = 250;
        AnswerTrail trail = new AnswerTrail();
        while (true) {
            attempts.incrementAndGet();
            Api.Answer answer = api.post(platform.commandUrl() + path, body, "Authorization", bearer(),
                    "Idempotency-Key", key);
            trail.add(answer);
            if (retried && (!retryable(answer) || answer.ok() || System.nanoTime() > deadline)) {
                retriedAnswers.put(what, trail.toString());
            }
            if (answer.ok()) {
                if ("true".equals(answer.header("Idempotency-Replayed"))) {
                    replays.incrementAndGet();
                }
                return new Outcome(Kind.ACCEPTED, answer, retried);
            }
            if (answer.status() == 401) {
                bearer = null;
            } else if (!retryable(answer)) {
                return new Outcome(Kind.REFUSED, answer, retried);
            }
            if (System.nanoTime() > deadline) {
                return new Outcome(Kind.UNKNOWN, answer, retried);
            }
            retried = true;
            String retryAfter = answer.header("Retry-After");
            long wait = retryAfter != null && retryAfter.matches("\\d{1,3}") ? Long.parseLong(retryAfter) * 1000
                    : backoff;
            FaultPlatform.pause(Math.min(wait, 5000));
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    /**
     * No final answer yet: none at all, a server-side failure, the same key still in flight, a concurrent change that
     * won the race (nothing stored), the request rate (not a quota), or a request timeout.
     */
    private static boolean retryable(Api.Answer answer) {
        int status = answer.status();
        return status == 0 || status >= 500 || status == 408 || status == 425
                || (status == 409 && "idempotency-key-in-flight".equals(answer.problemType()))
                || (status == 409 && "concurrent-change".equals(answer.problemType()))
                || (status == 429 && !QUOTA_EXCEEDED.equals(answer.problemType()));
    }

    /** Calls {@code request} until it gets an answer that is not a missing or 5xx one, for at most the deadline. */
    private Api.Answer retried(java.util.function.Supplier<Api.Answer> request) {
        long deadline = System.nanoTime() + profile.commandDeadline().toNanos();
        Api.Answer answer = request.get();
        while ((answer.status() == 0 || answer.status() >= 500) && System.nanoTime() < deadline) {
            FaultPlatform.pause(500);
            answer = request.get();
        }
        return answer;
    }

    /** Lead ids the event store must hold for this tenant: accepted ones and those found applied on a retry. */
    List<String> leadsKnownApplied() {
        List<String> leads = new ArrayList<>(acceptedLeads);
        appliedWithoutAnswer.stream().filter(entry -> entry.startsWith("lead ")).map(entry -> entry.substring(5))
                .forEach(leads::add);
        return leads;
    }

    int acceptedCallCount() {
        return acceptedCalls.values().stream().mapToInt(Set::size).sum();
    }

    int acceptedCommands() {
        return acceptedLeads.size() + acceptedCallCount();
    }
}
