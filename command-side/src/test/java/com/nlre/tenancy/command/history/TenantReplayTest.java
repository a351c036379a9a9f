package com.nlre.tenancy.command.history;

import com.nlre.tenancy.command.history.TenantStateAt.ConsentView;
import com.nlre.tenancy.command.history.TenantStateAt.LeadView;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserDeactivated;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.TenantUserRoleChanged;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantReplayTest {

    private static final TenantId TENANT = new TenantId("tenant_aaaaaaaaaaaaaaaa");
    private static final TenantId OTHER = new TenantId("tenant_bbbbbbbbbbbbbbbb");
    private static final Instant T0 = Instant.parse("2026-10-31T12:00:00Z");
    private static final LeadId LEAD = new LeadId("crm-1");
    private static final UserId OWNER = new UserId("user_ownerownerowner1");
    private static final UserId AGENT = new UserId("user_agentagentagent1");

    private long position;

    @Test
    void replaysConfigurationPlanAndStatusAsOfTheInstant() {
        TenantReplay replay = new TenantReplay(TENANT, T0.plusSeconds(100));
        fold(replay, T0, created("America/New_York"));
        fold(replay, T0.plusSeconds(10), new TenantPlanChanged(TENANT, Plan.STARTER, Plan.PROFESSIONAL,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), pricing(), T0.plusSeconds(10)));
        fold(replay, T0.plusSeconds(20), new TenantSuspended(TENANT, "payment overdue", T0.plusSeconds(20)));

        TenantStateAt state = replay.state().orElseThrow();

        assertThat(state.tenant().plan()).isEqualTo(Plan.PROFESSIONAL);
        assertThat(state.tenant().limits().maxLeads()).isEqualTo(10_000L);
        assertThat(state.tenant().status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(state.tenant().statusReason()).isEqualTo("payment overdue");
        assertThat(state.tenant().configuration().timezone()).isEqualTo("America/New_York");
        assertThat(state.eventsReplayed()).isEqualTo(3);
        assertThat(state.position()).isEqualTo(3L);
    }

    @Test
    void replaysUsersWithTheirRolesLeavingRemovedUsersOut() {
        TenantReplay replay = new TenantReplay(TENANT, T0.plusSeconds(100));
        fold(replay, T0, created("UTC"));
        fold(replay, T0, new TenantUserAdded(TENANT, OWNER, new UserProfile("Owner", "owner@example.com"), Role.OWNER,
                Role.OWNER.defaultPermissions(), T0));
        fold(replay, T0, new TenantUserAdded(TENANT, AGENT, new UserProfile("Agent", "agent@example.com"), Role.AGENT,
                Role.AGENT.defaultPermissions(), T0));
        UserId removed = new UserId("user_removedremoved01");
        fold(replay, T0, new TenantUserAdded(TENANT, removed, new UserProfile("Gone", "gone@example.com"),
                Role.VIEWER, Role.VIEWER.defaultPermissions(), T0));
        fold(replay, T0.plusSeconds(5), new TenantUserRoleChanged(TENANT, AGENT, Role.AGENT, Role.ADMIN,
                Role.ADMIN.defaultPermissions(), T0.plusSeconds(5)));
        fold(replay, T0.plusSeconds(6), new TenantUserDeactivated(TENANT, AGENT, "left", T0.plusSeconds(6)));
        fold(replay, T0.plusSeconds(7), new TenantUserRemoved(TENANT, removed, T0.plusSeconds(7)));

        TenantStateAt state = replay.state().orElseThrow();

        assertThat(state.users()).extracting(TenantStateAt.UserView::userId)
                .containsExactly(OWNER.value(), AGENT.value());
        TenantStateAt.UserView agent = state.users().get(1);
        assertThat(agent.role()).isEqualTo(Role.ADMIN);
        assertThat(agent.permissions()).contains(Permission.AUDIT_READ);
        assertThat(agent.active()).isFalse();
        assertThat(state.usage().users()).isEqualTo(2);
    }

    @Test
    void replaysLeadsWithStatusConsentAndCallsAndCountsUsageInTheInstantsBillingMonth() {
        Instant at = Instant.parse("2026-11-15T12:00:00Z");
        TenantReplay replay = new TenantReplay(TENANT, at);
        fold(replay, T0, created("America/New_York"));
        fold(replay, T0, leadAdded(LEAD));
        fold(replay, T0, leadAdded(new LeadId("crm-2")));
        fold(replay, T0, new LeadStatusChanged(TENANT, LEAD, LeadStatus.NEW, LeadStatus.CONTACTED, T0));
        fold(replay, T0, new ConsentRecorded(TENANT, LEAD, "+15551230001",
                new ConsentEvidence(T0, "web_form", "v1", "site", null), T0));
        fold(replay, T0, new ConsentRecorded(TENANT, LEAD, "+15551230002",
                new ConsentEvidence(T0, "web_form", "v1", "site", null), T0));
        fold(replay, T0, new ConsentRevoked(TENANT, LEAD, "+15551230002", T0.plusSeconds(1)));
        // 31 October 22:00 in New York is already November in UTC, but still October for the tenant's billing month
        fold(replay, T0, called(LEAD, Instant.parse("2026-11-01T02:00:00Z"), 0));
        fold(replay, T0, called(LEAD, Instant.parse("2026-11-10T15:00:00Z"), 1_000));
        fold(replay, T0, called(new LeadId("crm-2"), Instant.parse("2026-11-11T15:00:00Z"), 500));
        fold(replay, T0, new CallBlocked(TENANT, LEAD, "call-x", CallDirection.OUTBOUND, "+15551230002", "user_x",
                T0, "WRITTEN_CONSENT_REQUIRED", "no consent", T0));
        fold(replay, T0, new LeadDeleted(TENANT, new LeadId("crm-2"), T0, 500));
        fold(replay, T0, new AiAgentRegistered(TENANT, new AgentId("agent-1"), "Ava", "qualify", null, "en-US", T0));

        TenantStateAt state = replay.state().orElseThrow();

        assertThat(state.leads()).extracting(LeadView::leadId).containsExactly("crm-1");
        LeadView lead = state.leads().get(0);
        assertThat(lead.status()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(lead.consents()).containsExactly(new ConsentView("+15551230001", true, T0),
                new ConsentView("+15551230002", false, T0.plusSeconds(1)));
        assertThat(lead.calls()).isEqualTo(new TenantStateAt.CallCounts(2, 1));
        assertThat(state.calls()).isEqualTo(new TenantStateAt.CallCounts(3, 1));
        assertThat(state.usage()).isEqualTo(new TenantStateAt.Usage("2026-11", 1, 0, 1, 1_000, 2));
    }

    @Test
    void hasNoStateBeforeTheTenantWasCreated() {
        assertThat(new TenantReplay(TENANT, T0).state()).isEmpty();
    }

    @Test
    void refusesAnotherTenantsEventAndEventsAfterTheInstant() {
        TenantReplay replay = new TenantReplay(TENANT, T0);

        assertThatThrownBy(() -> replay.apply(1, T0, new LeadAdded(OTHER, LEAD, contact(), null, "web", Set.of(), T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.apply(2, T0.plusMillis(1), created("UTC")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(replay.state()).isEmpty();
    }

    private void fold(TenantReplay replay, Instant occurredAt, TenantEvent event) {
        replay.apply(++position, occurredAt, event);
    }

    private static TenantCreated created(String timezone) {
        return new TenantCreated(TENANT, "Acme", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@example.com", "+15551234567"), Plan.STARTER,
                new PlanLimits(1_000L, 500L, 4, 3, 10), pricing(), null, null,
                new TenantConfiguration(timezone, "en-US", "MM/dd/yyyy", null, null,
                        new TenantConfiguration.TcpaConfig(true, true, LocalTime.of(9, 0), LocalTime.of(20, 0),
                                timezone)), null, T0);
    }

    private static PlanPricing pricing() {
        return new PlanPricing("USD", 9_900, List.of());
    }

    private static LeadAdded leadAdded(LeadId leadId) {
        return new LeadAdded(TENANT, leadId, contact(), null, "web", Set.of("hot"), T0);
    }

    private static LeadContact contact() {
        return new LeadContact("Mary Seller", List.of("+15551230001", "+15551230002"), null, null);
    }

    private static CallLogged called(LeadId leadId, Instant startedAt, long recordingBytes) {
        return new CallLogged(TENANT, leadId, "call-" + startedAt.toEpochMilli(), CallDirection.OUTBOUND,
                "+15551230001", "user_x", startedAt, 60, CallOutcome.CONNECTED, null, recordingBytes > 0, false,
                startedAt, recordingBytes);
    }
}
