package com.nlre.tenancy.bench.load;

import com.nlre.tenancy.bench.BenchOptions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's requests against the platform (and the baseline): tenant set-up and the operations of the workload.
 * Every tenant is an enterprise tenant with no lead or call limit and a calling window of the whole day, so accepted
 * commands are what is measured; written consent stays required and is recorded for the leads that calls go to.
 */
public final class Workload {

    public static final String ADD_LEAD = "add lead (POST /leads)";
    public static final String LOG_CALL = "log call (POST /leads/{id}/calls)";
    public static final String UPDATE_STATUS = "update status (POST /leads/{id}/status)";
    public static final String LIST_LEADS = "list leads (GET /leads)";
    public static final String USAGE = "usage (GET /usage)";
    public static final String LAG = "projection lag (accepted → visible)";
    public static final String BASELINE_ADD = "baseline add lead";
    public static final String BASELINE_LIST = "baseline list leads";

    private static final String PASSWORD = "bench owner password 0001";
    private static final int CALL_LEADS_PER_TENANT = 1;

    private final BenchOptions options;
    private final Http http;
    private final String operator;
    private final List<TenantSession> tenants = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong phones = new AtomicLong();
    private final AtomicLong queryRoundRobin = new AtomicLong();
    private final Map<String, LongAdder> leadsAccepted = new ConcurrentHashMap<>();
    private final Map<Integer, ArrayDeque<OwnLead>> ownLeads = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor lagProbes = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000), new ThreadPoolExecutor.DiscardPolicy());
    private final LongAdder lagNotReached = new LongAdder();

    /** A lead a worker added and alone changes, so its status moves are always allowed ones. */
    private static final class OwnLead {
        final TenantSession tenant;
        final String leadId;
        String status = "new";

        OwnLead(TenantSession tenant, String leadId) {
            this.tenant = tenant;
            this.leadId = leadId;
        }

        String nextStatus() {
            return status.equals("contacted") ? "qualified" : "contacted";
        }
    }

    /** Per-endpoint figures of one phase. */
    public record PhaseResult(String name, double seconds, Map<String, EndpointStats> endpoints) {

        public EndpointStats endpoint(String endpoint) {
            return endpoints.computeIfAbsent(endpoint, EndpointStats::new);
        }
    }

    public Workload(BenchOptions options, Http http) {
        this.options = options;
        this.http = http;
        this.operator = Http.basic(options.operatorUser(), options.operatorPassword());
    }

    public static PhaseResult phase(String name) {
        return new PhaseResult(name, 0, Collections.synchronizedMap(new LinkedHashMap<>()));
    }

    public List<TenantSession> tenants() {
        return tenants;
    }

    public String operatorAuthorization() {
        return operator;
    }

    public long lagNotReached() {
        return lagNotReached.sum();
    }

    /** Lead adds accepted per tenant (set-up leads included): what each tenant's usage must show, once. */
    public Map<String, Long> leadsAccepted() {
        Map<String, Long> counts = new LinkedHashMap<>();
        leadsAccepted.forEach((tenant, count) -> counts.put(tenant, count.sum()));
        return counts;
    }

    // ---- set-up ---------------------------------------------------------------------------------------------------

    /** Creates {@code count} tenants with owners logged in and consented call leads, {@code threads} at a time. */
    public void setUpTenants(int count, int threads, String namePrefix) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<TenantSession>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> setUpTenant(namePrefix + " " + index)));
        }
        try {
            for (java.util.concurrent.Future<TenantSession> future : futures) {
                tenants.add(future.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("tenant set-up failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    public TenantSession setUpTenant(String businessName) {
        TenantSession tenant = createTenant(businessName);
        for (int k = 0; k < CALL_LEADS_PER_TENANT; k++) {
            String phone = nextPhone();
            Http.Answer lead = http.send("POST", options.commandUrl() + "/api/v1/leads", leadBody(phone),
                    "Authorization", tenant.authorization(http, options.commandUrl()));
            require(lead, "add call lead");
            countLead(tenant);
            String leadId = lead.json().path("leadId").asText();
            Http.Answer consent = http.send("POST", options.commandUrl() + "/api/v1/leads/" + leadId + "/consents", """
                            {"phone":"%s","evidence":{"givenAt":"2026-01-01T12:00:00Z","method":"web_form","consentTextVersion":"v1"}}"""
                    .formatted(phone), "Authorization", tenant.authorization(http, options.commandUrl()));
            require(consent, "record consent");
            tenant.accepted(consent);
            tenant.callLeads().add(new TenantSession.CallLead(leadId, phone));
        }
        return tenant;
    }

    /** An enterprise tenant without lead or call limits, calls allowed all day (written consent still required). */
    public TenantSession createTenant(String businessName) {
        String email = "owner-" + System.nanoTime() + "@bench.test";
        Http.Answer created = http.send("POST", options.commandUrl() + "/api/v1/tenants", """
                {"businessName":"%s","businessType":"wholesale","plan":"enterprise",
                 "limits":{"maxLeads":1000000000,"maxCalls":1000000000},"ownerPassword":"%s",
                 "configuration":{"tcpa":{"callWindowStart":"00:00","callWindowEnd":"23:59"}},
                 "owner":{"name":"Bench Owner","email":"%s","phone":"+15551234567"}}"""
                .formatted(businessName, PASSWORD, email), "Authorization", operator);
        require(created, "create tenant");
        TenantSession tenant = new TenantSession(created.json().path("tenantId").asText(), email, PASSWORD);
        tenant.authorization(http, options.commandUrl());
        return tenant;
    }

    private static void require(Http.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " failed: " + answer.status() + " " + answer.body());
        }
    }

    // ---- operations -----------------------------------------------------------------------------------------------

    public TenantSession randomTenant() {
        return tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
    }

    /** The query-side instance for the next read: round robin when a second one runs (as a load balancer would). */
    public String queryUrl() {
        if (options.query2Url() == null) {
            return options.queryUrl();
        }
        return queryRoundRobin.getAndIncrement() % 2 == 0 ? options.queryUrl() : options.query2Url();
    }

    /** The mixed workload: add 35 %, log call 15 %, update status 20 %, list 20 %, usage 10 %. */
    public void mixed(PhaseResult phase, int worker, long start, boolean probeLag) {
        TenantSession tenant = randomTenant();
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 35) {
            addLead(phase, worker, tenant, start, probeLag);
        } else if (roll < 50) {
            logCall(phase, tenant, start);
        } else if (roll < 70) {
            updateStatus(phase, worker, start);
        } else if (roll < 90) {
            listLeads(phase, tenant, start);
        } else {
            usage(phase, tenant, start);
        }
    }

    public void addLead(PhaseResult phase, int worker, TenantSession tenant, long start, boolean probeLag) {
        Http.Answer answer = http.timed(phase.endpoint(ADD_LEAD), start, "POST",
                options.commandUrl() + "/api/v1/leads", leadBody(nextPhone()),
                "Authorization", tenant.authorization(http, options.commandUrl()));
        if (answer.status() == 201) {
            long accepted = System.nanoTime();
            tenant.accepted(answer);
            countLead(tenant);
            String leadId = answer.json().path("leadId").asText();
            ArrayDeque<OwnLead> own = ownLeads.computeIfAbsent(worker, w -> new ArrayDeque<>());
            own.addLast(new OwnLead(tenant, leadId));
            if (own.size() > 200) {
                own.removeFirst();
            }
            if (probeLag && ThreadLocalRandom.current().nextInt(10) == 0) {
                String token = answer.header("X-Consistency-Token");
                lagProbes.execute(() -> probeLag(phase, tenant, leadId, token, accepted));
            }
        }
    }

    private void probeLag(PhaseResult phase, TenantSession tenant, String leadId, String token, long accepted) {
        Http.Answer answer = http.send("GET", queryUrl() + "/api/v1/leads/" + leadId,
                null, "Authorization", tenant.authorization(http, options.commandUrl()), "X-Consistency-Token", token);
        if ("true".equals(answer.header("X-Consistency-Reached"))) {
            phase.endpoint(LAG).record((System.nanoTime() - accepted) / 1_000, answer.status());
        } else {
            lagNotReached.increment();
        }
    }

    public void logCall(PhaseResult phase, TenantSession tenant, long start) {
        TenantSession.CallLead lead = tenant.callLeads().get(ThreadLocalRandom.current()
                .nextInt(tenant.callLeads().size()));
        Http.Answer answer = http.timed(phase.endpoint(LOG_CALL), start, "POST",
                options.commandUrl() + "/api/v1/leads/" + lead.leadId() + "/calls", """
                        {"direction":"outbound","phone":"%s","durationSeconds":60,"outcome":"connected",\
                        "recorded":false,"transcribed":false}""".formatted(lead.phone()),
                "Authorization", tenant.authorization(http, options.commandUrl()));
        if (answer.ok()) {
            tenant.accepted(answer);
        }
    }

    public void updateStatus(PhaseResult phase, int worker, long start) {
        ArrayDeque<OwnLead> own = ownLeads.get(worker);
        OwnLead lead = own == null ? null : own.pollFirst();
        if (lead == null) {
            addLead(phase, worker, randomTenant(), start, false);
            return;
        }
        String status = lead.nextStatus();
        Http.Answer answer = http.timed(phase.endpoint(UPDATE_STATUS), start, "POST",
                options.commandUrl() + "/api/v1/leads/" + lead.leadId + "/status",
                "{\"status\":\"" + status + "\"}",
                "Authorization", lead.tenant.authorization(http, options.commandUrl()));
        if (answer.ok()) {
            lead.status = status;
            lead.tenant.accepted(answer);
        }
        own.addLast(lead);
    }

    public void listLeads(PhaseResult phase, TenantSession tenant, long start) {
        http.timed(phase.endpoint(LIST_LEADS), start, "GET", queryUrl() + "/api/v1/leads?limit=50", null,
                "Authorization", tenant.authorization(http, options.commandUrl()));
    }

    public void usage(PhaseResult phase, TenantSession tenant, long start) {
        http.timed(phase.endpoint(USAGE), start, "GET", queryUrl() + "/api/v1/usage", null,
                "Authorization", tenant.authorization(http, options.commandUrl()));
    }

    /** The plain CRUD service's add: the same lead body, the tenant named by a header (it has no authentication). */
    public void baselineAdd(PhaseResult phase, TenantSession tenant, long start) {
        http.timed(phase.endpoint(BASELINE_ADD), start, "POST", options.baselineUrl() + "/baseline/leads",
                leadBody(nextPhone()), "X-Tenant-Id", tenant.tenantId());
    }

    public void baselineList(PhaseResult phase, TenantSession tenant, long start) {
        http.timed(phase.endpoint(BASELINE_LIST), start, "GET", options.baselineUrl() + "/baseline/leads?limit=50",
                null, "X-Tenant-Id", tenant.tenantId());
    }

    /**
     * Waits until the query side shows the tenant's last accepted command (at most {@code timeout}); read models are
     * compared or measured only once they are current.
     *
     * @return whether it did
     */
    public boolean awaitProjected(TenantSession tenant, java.time.Duration timeout) {
        String token = tenant.lastToken();
        if (token == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Http.Answer answer = http.send("GET", options.queryUrl() + "/api/v1/usage", null,
                    "Authorization", tenant.authorization(http, options.commandUrl()), "X-Consistency-Token", token);
            if ("true".equals(answer.header("X-Consistency-Reached"))) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Waits for the lag probes still queued or running (at most 30 s). */
    public void drainLagProbes() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((lagProbes.getActiveCount() > 0 || !lagProbes.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void close() {
        lagProbes.shutdownNow();
    }

    private void countLead(TenantSession tenant) {
        leadsAccepted.computeIfAbsent(tenant.tenantId(), t -> new LongAdder()).increment();
    }

    private String nextPhone() {
        return "+1555" + (2_000_000 + phones.incrementAndGet() % 8_000_000);
    }

    private static String leadBody(String phone) {
        return """
                {"contact":{"name":"Bench Seller","phones":["%s"],"email":"seller@bench.test",\
                "propertyAddress":{"street":"1 Main St","city":"Austin","state":"TX","postalCode":"78701"}},\
                "timezone":"America/Chicago","source":"bench","tags":["bench"]}""".formatted(phone);
    }
}
