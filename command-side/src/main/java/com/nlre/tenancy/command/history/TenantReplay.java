package com.nlre.tenancy.command.history;

import com.nlre.tenancy.command.history.TenantStateAt.CallCounts;
import com.nlre.tenancy.command.history.TenantStateAt.ConsentView;
import com.nlre.tenancy.command.history.TenantStateAt.LeadView;
import com.nlre.tenancy.command.history.TenantStateAt.TenantView;
import com.nlre.tenancy.command.history.TenantStateAt.Usage;
import com.nlre.tenancy.command.history.TenantStateAt.UserView;
import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserDeactivated;
import com.nlre.tenancy.events.identity.TenantUserMfaDisabled;
import com.nlre.tenancy.events.identity.TenantUserMfaEnabled;
import com.nlre.tenancy.events.identity.TenantUserPermissionsChanged;
import com.nlre.tenancy.events.identity.TenantUserReactivated;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.TenantUserRoleChanged;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadContactUpdated;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.lead.LeadUntagged;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pure fold of one tenant's events, in global order, into its state as of {@code at}: no store, no read model.
 * Events of another tenant or after {@code at} are refused, so a caller that feeds the wrong events fails loudly
 * instead of answering a mixed state (instants are compared at the event store's precision, microseconds). Usage follows the quotas' rules: leads, users and agents are held until
 * deleted, removed or retired; recording bytes until their lead is deleted; calls count in the billing month of
 * their start, in the tenant's time zone.
 */
public final class TenantReplay {

    private final TenantId tenantId;
    private final Instant at;
    private long eventsReplayed;
    private Long position;

    private TenantCreated created;
    private Plan plan;
    private PlanLimits limits;
    private TenantConfiguration configuration;
    private Branding branding;
    private TenantStatus status;
    private String statusReason;
    private Instant trialEndsAt;
    private Instant subscriptionEndsAt;

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Lead> leads = new LinkedHashMap<>();
    private final Set<String> activeAgents = new HashSet<>();
    private long callsLogged;
    private long callsBlocked;
    private long storageBytes;
    /** Calls started per billing month; the month is decided with the zone in force when the call was logged. */
    private final Map<YearMonth, Long> callsByMonth = new LinkedHashMap<>();

    public TenantReplay(TenantId tenantId, Instant at) {
        this.tenantId = tenantId;
        this.at = at;
    }

    /** Folds the next event of the tenant, at global {@code position}, that occurred at {@code occurredAt}. */
    public void apply(long position, Instant occurredAt, TenantEvent event) {
        if (!event.tenantId().equals(tenantId)) {
            throw new IllegalArgumentException("event of another tenant in " + tenantId + "'s replay");
        }
        if (occurredAt.truncatedTo(ChronoUnit.MICROS).isAfter(at)) {
            throw new IllegalArgumentException("event at " + occurredAt + " is after the replay's instant " + at);
        }
        this.position = position;
        eventsReplayed++;
        if (event instanceof TenantCreated e) {
            created = e;
            plan = e.plan();
            limits = e.limits();
            configuration = e.configuration();
            branding = e.branding();
            status = TenantStatus.ACTIVE;
            trialEndsAt = e.trialEndsAt();
            subscriptionEndsAt = e.subscriptionEndsAt();
        } else if (event instanceof TenantPlanChanged e) {
            plan = e.plan();
            limits = e.limits();
        } else if (event instanceof TenantConfigurationUpdated e) {
            configuration = e.configuration();
        } else if (event instanceof TenantBrandingUpdated e) {
            branding = e.branding();
        } else if (event instanceof TenantSuspended e) {
            status(TenantStatus.SUSPENDED, e.reason());
        } else if (event instanceof TenantReactivated) {
            status(TenantStatus.ACTIVE, null);
        } else if (event instanceof TenantCanceled e) {
            status(TenantStatus.CANCELED, e.reason());
        } else if (event instanceof TenantOffboarded e) {
            status(TenantStatus.OFFBOARDED, e.earlyReason());
        } else if (event instanceof TenantTrialEnded) {
            statusReason = "trial ended";
        } else if (event instanceof TenantSubscriptionLapsed) {
            statusReason = "subscription lapsed";
        } else if (event instanceof TenantSubscriptionChanged e) {
            trialEndsAt = e.trialEndsAt();
            subscriptionEndsAt = e.subscriptionEndsAt();
        } else if (event instanceof TenantUserAdded e) {
            users.put(e.userId().value(), new User(e.role(), e.permissions(), e.addedAt()));
        } else if (event instanceof TenantUserRoleChanged e) {
            user(e.userId().value()).ifPresent(user -> {
                user.role = e.role();
                user.permissions = new TreeSet<>(e.permissions());
            });
        } else if (event instanceof TenantUserPermissionsChanged e) {
            user(e.userId().value()).ifPresent(user -> user.permissions = new TreeSet<>(e.permissions()));
        } else if (event instanceof TenantUserDeactivated e) {
            user(e.userId().value()).ifPresent(user -> user.active = false);
        } else if (event instanceof TenantUserReactivated e) {
            user(e.userId().value()).ifPresent(user -> user.active = true);
        } else if (event instanceof TenantUserRemoved e) {
            users.remove(e.userId().value());
        } else if (event instanceof TenantUserMfaEnabled e) {
            user(e.userId().value()).ifPresent(user -> user.mfaEnabled = true);
        } else if (event instanceof TenantUserMfaDisabled e) {
            user(e.userId().value()).ifPresent(user -> user.mfaEnabled = false);
        } else if (event instanceof LeadAdded e) {
            leads.put(e.leadId().value(), new Lead(e.tags(), e.addedAt()));
        } else if (event instanceof LeadContactUpdated e) {
            lead(e.leadId().value())
                    .ifPresent(lead -> lead.consents.keySet().retainAll(new HashSet<>(e.contact().phones())));
        } else if (event instanceof LeadStatusChanged e) {
            lead(e.leadId().value()).ifPresent(lead -> lead.status = e.status());
        } else if (event instanceof LeadAssigned e) {
            lead(e.leadId().value()).ifPresent(lead -> lead.assignee = e.assigneeUserId());
        } else if (event instanceof LeadTagged e) {
            lead(e.leadId().value()).ifPresent(lead -> lead.tags.add(e.tag()));
        } else if (event instanceof LeadUntagged e) {
            lead(e.leadId().value()).ifPresent(lead -> lead.tags.remove(e.tag()));
        } else if (event instanceof LeadDeleted e) {
            leads.remove(e.leadId().value());
            storageBytes -= e.recordingBytes();
        } else if (event instanceof ConsentRecorded e) {
            lead(e.leadId().value()).ifPresent(lead ->
                    lead.consents.put(e.phone(), new ConsentView(e.phone(), true, e.recordedAt())));
        } else if (event instanceof ConsentRevoked e) {
            lead(e.leadId().value()).ifPresent(lead ->
                    lead.consents.put(e.phone(), new ConsentView(e.phone(), false, e.revokedAt())));
        } else if (event instanceof CallLogged e) {
            callsLogged++;
            storageBytes += e.recordingBytes();
            callsByMonth.merge(YearMonth.from(e.startedAt().atZone(zone())), 1L, Long::sum);
            lead(e.leadId().value()).ifPresent(lead -> lead.callsLogged++);
        } else if (event instanceof CallBlocked e) {
            callsBlocked++;
            lead(e.leadId().value()).ifPresent(lead -> lead.callsBlocked++);
        } else if (event instanceof AiAgentRegistered e) {
            activeAgents.add(e.agentId().value());
        } else if (event instanceof AiAgentRetired e) {
            activeAgents.remove(e.agentId().value());
        }
        // every other event (logins, API keys, do-not-call lists, invoices...) changes none of the replayed state
    }

    /** The state replayed so far; empty when the tenant did not exist yet at the instant. */
    public Optional<TenantStateAt> state() {
        if (created == null) {
            return Optional.empty();
        }
        ZoneId zone = zone();
        YearMonth month = YearMonth.from(at.atZone(zone));
        TenantView tenant = new TenantView(created.businessName(), created.businessType(), status, statusReason, plan,
                limits, configuration, branding, trialEndsAt, subscriptionEndsAt, created.createdAt());
        List<UserView> userViews = users.entrySet().stream()
                .map(entry -> entry.getValue().view(entry.getKey())).toList();
        List<LeadView> leadViews = leads.entrySet().stream()
                .map(entry -> entry.getValue().view(entry.getKey())).toList();
        Usage usage = new Usage(month.toString(), leads.size(), users.size(), activeAgents.size(), storageBytes,
                callsByMonth.getOrDefault(month, 0L));
        return Optional.of(new TenantStateAt(tenantId.value(), at, position, eventsReplayed, tenant, userViews,
                leadViews, new CallCounts(callsLogged, callsBlocked), usage));
    }

    private void status(TenantStatus newStatus, String reason) {
        status = newStatus;
        statusReason = reason;
    }

    private ZoneId zone() {
        return configuration == null || configuration.timezone() == null
                ? ZoneOffset.UTC : ZoneId.of(configuration.timezone());
    }

    private Optional<User> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    private Optional<Lead> lead(String leadId) {
        return Optional.ofNullable(leads.get(leadId));
    }

    private static final class User {
        private Role role;
        private Set<Permission> permissions;
        private boolean active = true;
        private boolean mfaEnabled;
        private final Instant addedAt;

        User(Role role, Set<Permission> permissions, Instant addedAt) {
            this.role = role;
            this.permissions = new TreeSet<>(permissions);
            this.addedAt = addedAt;
        }

        UserView view(String userId) {
            return new UserView(userId, role, new TreeSet<>(permissions), active, mfaEnabled, addedAt);
        }
    }

    private static final class Lead {
        private LeadStatus status = LeadStatus.NEW;
        private String assignee;
        private final Set<String> tags;
        private final Map<String, ConsentView> consents = new LinkedHashMap<>();
        private long callsLogged;
        private long callsBlocked;
        private final Instant addedAt;

        Lead(Set<String> tags, Instant addedAt) {
            this.tags = new TreeSet<>(tags);
            this.addedAt = addedAt;
        }

        LeadView view(String leadId) {
            return new LeadView(leadId, status, assignee, new TreeSet<>(tags), List.copyOf(consents.values()),
                    new CallCounts(callsLogged, callsBlocked), addedAt);
        }
    }
}
