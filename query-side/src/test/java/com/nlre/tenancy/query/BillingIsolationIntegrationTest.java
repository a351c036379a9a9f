package com.nlre.tenancy.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.events.billing.InvoiceId;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.billing.InvoiceLine;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Billing end to end on the query side: invoices, previews and usage exports of two tenants with the same invoice ids
 * and lead ids, each seeing only its own; operators see across tenants; the billing run closes months in order.
 */
class BillingIsolationIntegrationTest extends QuerySideIntegrationTest {

    private static final LeadId SHARED_LEAD = new LeadId("crm-2001");
    private static final InvoiceId SEPTEMBER = InvoiceId.of(YearMonth.of(2026, 9));

    private record Tenant(TenantId id, UserId owner) {

        HttpHeaders billing() {
            return bearer(TestJwts.token(id, owner, Role.OWNER, EnumSet.of(Permission.BILLING_VIEW)));
        }
    }

    private Tenant tenant(Instant createdAt, int callsNow) {
        TenantId id = TenantId.generate();
        UserId owner = UserId.generate();
        publish(TestEvents.envelope(TestEvents.created(id, Plan.STARTER, createdAt), 0, createdAt));
        publish(TestEvents.envelope(TestEvents.userAdded(id, owner, "John Doe", "john@acmere.test", Role.OWNER,
                createdAt), 1, createdAt));
        publish(TestEvents.envelope(TestEvents.leadAdded(id, SHARED_LEAD, TestEvents.contact("Maria Garcia",
                "+15125550101", "1 Oak St.", "Austin"), createdAt), "Lead", id + "." + SHARED_LEAD, 0, createdAt));
        Instant now = Instant.now();
        for (int i = 0; i < callsNow; i++) {
            CallLogged call = new CallLogged(id, SHARED_LEAD, "call-" + i, CallDirection.OUTBOUND, "+15125550101",
                    "user_agent0001", now, 61, CallOutcome.CONNECTED, "notes", false, false, now, 0);
            publish(TestEvents.envelope(call, "Lead", id + "." + SHARED_LEAD, i + 1, now));
        }
        return new Tenant(id, owner);
    }

    private static InvoiceIssued invoice(TenantId tenantId, long baseFee) {
        Instant start = Instant.parse("2026-09-01T07:00:00Z");
        Instant end = Instant.parse("2026-10-01T07:00:00Z");
        return new InvoiceIssued(tenantId, SEPTEMBER, "2026-09", start, end, "USD",
                List.of(new InvoiceLine(InvoiceLine.Kind.BASE_FEE, "Starter plan", null, "2026-09", 1, 9_900,
                        baseFee, start, end)), Map.of("calls", 0L), baseFee, end.plusSeconds(3600));
    }

    private static void publishInvoice(InvoiceIssued issued) {
        publish(TestEvents.envelope(issued, "Invoice", issued.tenantId() + "." + issued.invoiceId(), 0,
                issued.issuedAt()));
    }

    @Test
    void showsOnlyTheCallersInvoicesThoughBothTenantsHaveTheSameInvoiceIds() {
        Tenant a = tenant(Instant.parse("2026-08-20T15:00:00Z"), 0);
        Tenant b = tenant(Instant.parse("2026-08-20T15:00:00Z"), 0);
        publishInvoice(invoice(a.id(), 1_111));
        publishInvoice(invoice(b.id(), 2_222));

        for (Tenant caller : List.of(a, b)) {
            long total = caller == a ? 1_111 : 2_222;
            await().atMost(CATCH_UP).untilAsserted(() -> assertThat(
                    get("/api/v1/billing/invoices", caller.billing()).getBody()).hasSize(1));
            JsonNode list = get("/api/v1/billing/invoices", caller.billing()).getBody();
            assertThat(list.get(0).path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(list.get(0).path("totalMinor").asLong()).isEqualTo(total);
            ResponseEntity<JsonNode> one = get("/api/v1/billing/invoices/" + SEPTEMBER, caller.billing());
            assertThat(one.getStatusCode()).as(String.valueOf(one.getBody())).isEqualTo(HttpStatus.OK);
            assertThat(one.getBody().path("totalMinor").asLong()).isEqualTo(total);
            assertThat(one.getBody().path("lines").get(0).path("kind").asText()).isEqualTo("base_fee");
            assertThat(one.getBody().has("_id")).isFalse();
            ResponseEntity<JsonNode> missing = get("/api/v1/billing/invoices/inv-2026-08", caller.billing());
            assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertProblem(missing, "not-found");
        }
        publishInvoice(invoice(a.id(), 9_999));
        ResponseEntity<JsonNode> reader = get("/api/v1/billing/invoices", bearer(TestJwts.token(a.id(), a.owner(),
                Role.AGENT, EnumSet.of(Permission.LEADS_READ))));
        assertThat(reader.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/api/v1/billing/invoices/" + SEPTEMBER, a.billing()).getBody().path("totalMinor").asLong())
                .as("an issued invoice never changes").isEqualTo(1_111);
    }

    @Test
    void previewsAndExportsOnlyTheCallersUsage() {
        Tenant a = tenant(Instant.parse("2026-08-20T15:00:00Z"), 2);
        Tenant b = tenant(Instant.parse("2026-08-20T15:00:00Z"), 5);
        String month = YearMonth.now(ZoneId.of("America/Los_Angeles")).toString();

        for (Tenant caller : List.of(a, b)) {
            int calls = caller == a ? 2 : 5;
            await().atMost(CATCH_UP).untilAsserted(() -> assertThat(
                    get("/api/v1/billing/invoice-preview", caller.billing()).getBody().path("billedUsage")
                            .path("calls").asLong()).isEqualTo(calls));
            JsonNode preview = get("/api/v1/billing/invoice-preview", caller.billing()).getBody();
            assertThat(preview.path("tenantId").asText()).isEqualTo(caller.id().value());
            assertThat(preview.path("lines").get(0).path("unitPriceMinor").asLong()).isEqualTo(9_900);

            ResponseEntity<String> export = rest.exchange("/api/v1/billing/usage-export?period=" + month,
                    HttpMethod.GET, new HttpEntity<>(caller.billing()), String.class);
            assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(export.getHeaders().getContentType().toString()).startsWith("application/x-ndjson");
            List<JsonNode> records = new ArrayList<>();
            for (String line : export.getBody().split("\n")) {
                records.add(readJson(line));
            }
            assertThat(records).hasSize(calls * 2)
                    .allSatisfy(record -> assertThat(record.path("tenantId").asText()).isEqualTo(caller.id().value()))
                    .allSatisfy(record -> assertThat(record.path("transactionId").asText())
                            .startsWith(caller.id().value() + "/"));
            String again = rest.exchange("/api/v1/billing/usage-export?period=" + month, HttpMethod.GET,
                    new HttpEntity<>(caller.billing()), String.class).getBody();
            assertThat(again).as("the export is stable: same records, same transaction ids").isEqualTo(export.getBody());
        }
        HttpHeaders exporter = a.billing();
        exporter.set(HttpHeaders.ACCEPT, "application/x-ndjson, application/problem+json");
        ResponseEntity<JsonNode> invalid = get("/api/v1/billing/usage-export?period=2026-13", exporter);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void operatorsSeeInvoicesAcrossTenantsAndTenantCredentialsNeverOpenThem() {
        Tenant a = tenant(Instant.parse("2026-08-20T15:00:00Z"), 1);
        Tenant b = tenant(Instant.parse("2026-08-20T15:00:00Z"), 0);
        publishInvoice(invoice(a.id(), 3_333));
        publishInvoice(invoice(b.id(), 4_444));

        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(asOperator(
                "/api/v1/operator/billing/invoices?period=2026-09&size=200", new HttpHeaders()).getBody().toString())
                .contains(a.id().value(), b.id().value()));
        JsonNode onlyA = asOperator("/api/v1/operator/billing/invoices?tenantId=" + a.id(), new HttpHeaders())
                .getBody();
        assertThat(onlyA).hasSize(1);
        assertThat(onlyA.get(0).path("totalMinor").asLong()).isEqualTo(3_333);
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(asOperator(
                "/api/v1/operator/billing/invoice-preview?tenantId=" + a.id(), new HttpHeaders()).getBody()
                .path("billedUsage").path("calls").asLong()).isEqualTo(1));

        for (String path : List.of("/api/v1/operator/billing/invoices",
                "/api/v1/operator/billing/invoice-preview?tenantId=" + a.id())) {
            ResponseEntity<JsonNode> response = get(path, a.billing());
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<JsonNode> run = rest.exchange("/api/v1/operator/billing/runs", HttpMethod.POST,
                new HttpEntity<>(a.billing()), JsonNode.class);
        assertThat(run.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theBillingRunIssuesEachClosedMonthOnceOldestFirst() {
        Tenant tenant = tenant(Instant.parse("2026-08-10T15:00:00Z"), 0);
        String august = tenant.id() + "/inv-2026-08";
        String september = tenant.id() + "/inv-2026-09";

        await().atMost(CATCH_UP).untilAsserted(() -> {
            runBilling();
            assertThat(COMMAND_SIDE.issuedInvoices()).containsKey(august);
        });
        JsonNode draft = COMMAND_SIDE.issuedInvoices().get(august);
        assertThat(draft.path("periodStart").asText()).isEqualTo("2026-08-01T07:00:00Z");
        assertThat(draft.path("lines").get(0).path("description").asText())
                .isEqualTo("Starter plan, prorated 2026-08-10 to 2026-09-01");
        runBilling();
        assertThat(COMMAND_SIDE.issuedInvoices()).as("September waits until August's invoice is recorded")
                .doesNotContainKey(september);

        publishInvoice(readInvoice(draft));
        await().atMost(CATCH_UP).untilAsserted(() -> {
            runBilling();
            assertThat(COMMAND_SIDE.issuedInvoices()).containsKey(september);
        });
        assertThat(COMMAND_SIDE.issuedInvoices().get(september).path("totalMinor").asLong()).isEqualTo(9_900);
    }

    private void runBilling() {
        ResponseEntity<JsonNode> run = rest.withBasicAuth(OPERATOR, PASSWORD).exchange(
                "/api/v1/operator/billing/runs", HttpMethod.POST, HttpEntity.EMPTY, JsonNode.class);
        assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The event the command side records for an issued draft. */
    private static InvoiceIssued readInvoice(JsonNode draft) {
        try {
            List<InvoiceLine> lines = new ArrayList<>();
            for (JsonNode line : draft.path("lines")) {
                lines.add(TestEvents.JSON.treeToValue(line, InvoiceLine.class));
            }
            Instant end = Instant.parse(draft.path("periodEnd").asText());
            return new InvoiceIssued(new TenantId(draft.path("tenantId").asText()),
                    new InvoiceId(draft.path("invoiceId").asText()), draft.path("period").asText(),
                    Instant.parse(draft.path("periodStart").asText()), end, draft.path("currency").asText(), lines,
                    Map.of("calls", draft.path("billedUsage").path("calls").asLong()),
                    draft.path("totalMinor").asLong(), end.plusSeconds(7200));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String line) {
        try {
            return TestEvents.JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
