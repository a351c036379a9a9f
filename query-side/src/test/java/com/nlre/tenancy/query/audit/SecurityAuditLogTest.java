package com.nlre.tenancy.query.audit;

import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantAuthentication;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The security audit log and the cross-tenant answer, on an in-memory MongoDB without Spring. */
class SecurityAuditLogTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static InMemoryMongo mongo;

    private final TenantId tenantA = TenantId.generate();
    private final TenantId tenantB = TenantId.generate();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MongoTemplate template;
    private SecurityAuditLog audit;
    private CrossTenantAttempts attempts;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        template = mongo.freshTemplate();
        audit = new SecurityAuditLog(new CrossTenantMongo(template, meters), new MongoSchema(template), meters,
                Runnable::run);
        audit.afterPropertiesSet();
        attempts = new CrossTenantAttempts(audit, meters, Clock.fixed(NOW, ZoneOffset.UTC));
        TenantPrincipal caller = new TenantPrincipal(tenantA, "user_callerofa", PrincipalType.USER, Role.ADMIN, Set.of());
        SecurityContextHolder.getContext().setAuthentication(new TenantAuthentication(caller, null));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/users/user_ofbbbbbb");
        request.setRemoteAddr("203.0.113.7");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/users/{userId}");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @AfterEach
    void noRequest() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void answersAnotherTenantsIdExactlyLikeAnUnknownOneButRecordsIt() {
        ProblemException foreign = attempts.notFound(TenantResource.USER, "user_ofbbbbbb", () -> Optional.of(tenantB));
        ProblemException unknown = attempts.notFound(TenantResource.USER, "user_ofbbbbbb", Optional::empty);
        ProblemException own = attempts.notFound(TenantResource.USER, "user_ofbbbbbb", () -> Optional.of(tenantA));

        assertThat(foreign.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.toProblem()).isEqualTo(unknown.toProblem()).isEqualTo(own.toProblem());
        SecurityAuditPage page = audit.list(null, null, null, null, new PageParameters(0, 10));
        assertThat(page.totalItems()).isEqualTo(1);
        SecurityAuditEntry entry = page.items().get(0);
        assertThat(entry.auditId()).isNotBlank();
        assertThat(entry.kind()).isEqualTo(SecurityAuditKind.CROSS_TENANT_ATTEMPT);
        assertThat(entry.actor()).isEqualTo("user_callerofa");
        assertThat(entry.actorType()).isEqualTo("user");
        assertThat(entry.actorTenantId()).isEqualTo(tenantA.value());
        assertThat(entry.targetTenantId()).isEqualTo(tenantB.value());
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.route()).isEqualTo("/api/v1/users/{userId}");
        assertThat(entry.path()).isEqualTo("/api/v1/users/user_ofbbbbbb");
        assertThat(entry.resourceType()).isEqualTo("user");
        assertThat(entry.resourceId()).isEqualTo("user_ofbbbbbb");
        assertThat(entry.sourceAddress()).isEqualTo("203.0.113.7");
        assertThat(entry.occurredAt()).isEqualTo(NOW);
        assertThat(entry.correlationId()).isNotBlank();
        assertThat(meters.get(CrossTenantAttempts.METRIC).tag("resource", "user").counter().count()).isEqualTo(1);
    }

    @Test
    void listsNewestFirstFilteredByTenantKindAndTime() {
        append(SecurityAuditKind.OPERATOR_ACTION, null, tenantA, NOW.minusSeconds(30));
        append(SecurityAuditKind.CROSS_TENANT_ATTEMPT, tenantB, tenantA, NOW.minusSeconds(20));
        append(SecurityAuditKind.CROSS_TENANT_ATTEMPT, tenantA, tenantB, NOW.minusSeconds(10));
        append(SecurityAuditKind.OPERATOR_ACTION, null, null, NOW);

        PageParameters all = new PageParameters(0, 10);
        assertThat(audit.list(null, null, null, null, all).items()).extracting(SecurityAuditEntry::occurredAt)
                .containsExactly(NOW, NOW.minusSeconds(10), NOW.minusSeconds(20), NOW.minusSeconds(30));
        assertThat(audit.list(tenantB, null, null, null, all).items()).extracting(SecurityAuditEntry::occurredAt)
                .containsExactly(NOW.minusSeconds(10), NOW.minusSeconds(20));
        assertThat(audit.list(tenantA, SecurityAuditKind.OPERATOR_ACTION, null, null, all).totalItems()).isEqualTo(1);
        assertThat(audit.list(null, null, NOW.minusSeconds(20), NOW, all).items())
                .extracting(SecurityAuditEntry::occurredAt).containsExactly(NOW.minusSeconds(10), NOW.minusSeconds(20));
        SecurityAuditPage secondPage = audit.list(null, null, null, null, new PageParameters(1, 3));
        assertThat(secondPage.items()).extracting(SecurityAuditEntry::occurredAt).containsExactly(NOW.minusSeconds(30));
        assertThat(secondPage.totalPages()).isEqualTo(2);
    }

    private void append(SecurityAuditKind kind, TenantId actorTenant, TenantId targetTenant, Instant at) {
        audit.append(new SecurityAuditEntry(null, kind, "someone", "operator",
                actorTenant == null ? null : actorTenant.value(), targetTenant == null ? null : targetTenant.value(),
                "GET", "/x", "/x", 200, null, null, "127.0.0.1", at, "corr"));
    }
}
