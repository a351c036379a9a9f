package com.nlre.tenancy.web.audit;

import com.nlre.tenancy.events.audit.AccessOutcome;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantAuthentication;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AccessAuditFilterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final TenantId TENANT = TenantId.generate();

    private final List<AccessRecord> written = new CopyOnWriteArrayList<>();
    private final AccessAuditRecorder recorder = new AccessAuditRecorder(written::addAll, 100, new SimpleMeterRegistry());
    private final ResourceIdPseudonyms pseudonyms = ResourceIdPseudonyms.withRandomKey();
    private final AccessAuditFilter filter = new AccessAuditFilter(recorder, pseudonyms, "command-side",
            Clock.fixed(NOW, ZoneOffset.UTC), () -> null);

    @BeforeEach
    void start() {
        recorder.start();
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        recorder.stop();
    }

    @Test
    void recordsATenantUsersRequestWithRoutePatternResourceIdsAndOutcomeButNoPathOrQuery()
            throws ServletException, IOException {
        signedInUser();
        MockHttpServletRequest request = routed("DELETE", "/api/v1/leads/lead_abc/consents/+15551234567?note=x",
                "/api/v1/leads/{leadId}/consents/{phone}", Map.of("leadId", "lead_abc", "phone", "+15551234567"));
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> ((MockHttpServletResponse) res).setStatus(204));

        AccessRecord recorded = awaitOne();
        assertThat(recorded.tenantId()).isEqualTo(TENANT.value());
        assertThat(recorded.actorId()).isEqualTo("user_abcdefgh");
        assertThat(recorded.actorType()).isEqualTo("user");
        assertThat(recorded.method()).isEqualTo("DELETE");
        assertThat(recorded.route()).isEqualTo("/api/v1/leads/{leadId}/consents/{phone}");
        assertThat(recorded.resourceIds()).containsEntry("leadId", "lead_abc")
                .containsEntry("phone", pseudonyms.pseudonym("+15551234567"));
        assertThat(recorded.status()).isEqualTo(204);
        assertThat(recorded.outcome()).isEqualTo(AccessOutcome.SUCCEEDED);
        assertThat(recorded.occurredAt()).isEqualTo(NOW);
        assertThat(recorded.service()).isEqualTo("command-side");
        assertThat(recorded.toString()).doesNotContain("5551234567", "note");
    }

    @Test
    void recordsRefusalsWithTheirOutcome() throws ServletException, IOException {
        signedInUser();
        for (int status : new int[]{403, 404, 422, 429}) {
            MockHttpServletRequest request = routed("GET", "/api/v1/leads/lead_x", "/api/v1/leads/{leadId}",
                    Map.of("leadId", "lead_x"));
            filter.doFilter(request, new MockHttpServletResponse(),
                    (req, res) -> ((MockHttpServletResponse) res).setStatus(status));
        }
        await().untilAsserted(() -> assertThat(written).extracting(AccessRecord::outcome).containsExactly(
                AccessOutcome.DENIED, AccessOutcome.NOT_FOUND, AccessOutcome.REJECTED, AccessOutcome.REJECTED));
    }

    @Test
    void recordsAFailureThatEscapesTheChainAs500AndLetsItThrough() {
        signedInUser();
        MockHttpServletRequest request = routed("POST", "/api/v1/leads", "/api/v1/leads", Map.of());

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("boom");
        })).hasMessageContaining("boom");

        AccessRecord recorded = awaitOne();
        assertThat(recorded.status()).isEqualTo(500);
        assertThat(recorded.outcome()).isEqualTo(AccessOutcome.FAILED);
    }

    @Test
    void recordsAnOperatorWithTheTenantItsQueryParameterNames() throws ServletException, IOException {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "operator", null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
        MockHttpServletRequest request = routed("GET", "/api/v1/operator/billing/invoices",
                "/api/v1/operator/billing/invoices", Map.of());
        request.setParameter("tenantId", TENANT.value());

        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());

        AccessRecord recorded = awaitOne();
        assertThat(recorded.actorType()).isEqualTo("operator");
        assertThat(recorded.actorId()).isEqualTo("operator");
        assertThat(recorded.tenantId()).isEqualTo(TENANT.value());
    }

    @Test
    void recordsNothingForAnUnauthenticatedRequestOrOutsideTheApi() throws ServletException, IOException {
        filter.doFilter(routed("GET", "/api/v1/leads", "/api/v1/leads", Map.of()), new MockHttpServletResponse(),
                new MockFilterChain());
        signedInUser();
        filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(),
                new MockFilterChain());
        filter.doFilter(routed("GET", "/api/v1/leads", "/api/v1/leads", Map.of()), new MockHttpServletResponse(),
                new MockFilterChain());

        assertThat(awaitOne().route()).isEqualTo("/api/v1/leads");
    }

    @Test
    void aFullBufferNeverFailsOrDelaysTheRequestAndCountsTheDrop() throws ServletException, IOException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AccessAuditRecorder stopped = new AccessAuditRecorder(batch -> {
            throw new IllegalStateException("the sink is down");
        }, 1, meters);
        AccessAuditFilter overloaded = new AccessAuditFilter(stopped, pseudonyms, "query-side", Clock.systemUTC(),
                () -> null);
        signedInUser();

        for (int i = 0; i < 3; i++) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            overloaded.doFilter(routed("GET", "/api/v1/leads", "/api/v1/leads", Map.of()), response,
                    new MockFilterChain());
            assertThat(response.getStatus()).isEqualTo(200);
        }

        assertThat(meters.counter(AccessAuditRecorder.DROPPED_METRIC).count()).isEqualTo(2);
        stopped.start();
        await().untilAsserted(() -> assertThat(meters.counter(AccessAuditRecorder.FAILED_METRIC).count())
                .isEqualTo(1));
        stopped.stop();
    }

    private void signedInUser() {
        TenantPrincipal principal = new TenantPrincipal(TENANT, "user_abcdefgh", PrincipalType.USER, Role.OWNER,
                Role.OWNER.defaultPermissions());
        SecurityContextHolder.getContext().setAuthentication(new TenantAuthentication(principal, null));
    }

    private static MockHttpServletRequest routed(String method, String uri, String pattern,
                                                 Map<String, String> variables) {
        int query = uri.indexOf('?');
        MockHttpServletRequest request = new MockHttpServletRequest(method, query < 0 ? uri : uri.substring(0, query));
        if (query >= 0) {
            request.setQueryString(uri.substring(query + 1));
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
        return request;
    }

    private AccessRecord awaitOne() {
        await().untilAsserted(() -> assertThat(written).hasSize(1));
        return written.get(0);
    }
}
