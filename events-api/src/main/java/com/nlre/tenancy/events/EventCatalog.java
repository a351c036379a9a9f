package com.nlre.tenancy.events;

import com.nlre.tenancy.events.agent.AiAgentRegistered;
import com.nlre.tenancy.events.agent.AiAgentRetired;
import com.nlre.tenancy.events.agent.AiAgentUpdated;
import com.nlre.tenancy.events.billing.InvoiceIssued;
import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.ApiKeyRevoked;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.TenantUserDeactivated;
import com.nlre.tenancy.events.identity.TenantUserLockedOut;
import com.nlre.tenancy.events.identity.TenantUserLoggedIn;
import com.nlre.tenancy.events.identity.TenantUserMfaDisabled;
import com.nlre.tenancy.events.identity.TenantUserMfaEnabled;
import com.nlre.tenancy.events.identity.TenantUserPasswordChanged;
import com.nlre.tenancy.events.identity.TenantUserPermissionsChanged;
import com.nlre.tenancy.events.identity.TenantUserReactivated;
import com.nlre.tenancy.events.identity.TenantUserRemoved;
import com.nlre.tenancy.events.identity.TenantUserRoleChanged;
import com.nlre.tenancy.events.lead.CallBlocked;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.ConsentRevoked;
import com.nlre.tenancy.events.lead.DoNotCallNumberAdded;
import com.nlre.tenancy.events.lead.DoNotCallNumberRemoved;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadContactUpdated;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.lead.LeadTagged;
import com.nlre.tenancy.events.lead.LeadUntagged;
import com.nlre.tenancy.events.personal.DataSubjectForgotten;
import com.nlre.tenancy.events.tenant.TenantBrandingUpdated;
import com.nlre.tenancy.events.tenant.TenantCanceled;
import com.nlre.tenancy.events.tenant.TenantOffboarded;
import com.nlre.tenancy.events.tenant.TenantConfigurationUpdated;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantPlanChanged;
import com.nlre.tenancy.events.tenant.TenantReactivated;
import com.nlre.tenancy.events.tenant.TenantSubscriptionChanged;
import com.nlre.tenancy.events.tenant.TenantSubscriptionLapsed;
import com.nlre.tenancy.events.tenant.TenantSuspended;
import com.nlre.tenancy.events.tenant.TenantTrialEnded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event types of the contract, by their wire name ({@link EventEnvelope#type()}). The wire name is the
 * record's simple name and never changes once published; a changed shape gets a new {@code @Revision}.
 */
public final class EventCatalog {

    private static final List<Class<? extends TenantEvent>> TYPES = List.of(
            TenantCreated.class,
            TenantPlanChanged.class,
            TenantConfigurationUpdated.class,
            TenantBrandingUpdated.class,
            TenantSuspended.class,
            TenantReactivated.class,
            TenantCanceled.class,
            TenantOffboarded.class,
            TenantSubscriptionChanged.class,
            TenantTrialEnded.class,
            TenantSubscriptionLapsed.class,
            TenantUserAdded.class,
            TenantUserRoleChanged.class,
            TenantUserPermissionsChanged.class,
            TenantUserDeactivated.class,
            TenantUserReactivated.class,
            TenantUserRemoved.class,
            TenantUserPasswordChanged.class,
            TenantUserMfaEnabled.class,
            TenantUserMfaDisabled.class,
            TenantUserLoggedIn.class,
            TenantUserLockedOut.class,
            ApiKeyIssued.class,
            ApiKeyRevoked.class,
            LeadAdded.class,
            LeadContactUpdated.class,
            LeadStatusChanged.class,
            LeadAssigned.class,
            LeadTagged.class,
            LeadUntagged.class,
            LeadDeleted.class,
            ConsentRecorded.class,
            ConsentRevoked.class,
            CallLogged.class,
            CallBlocked.class,
            DoNotCallNumberAdded.class,
            DoNotCallNumberRemoved.class,
            AiAgentRegistered.class,
            AiAgentUpdated.class,
            AiAgentRetired.class,
            InvoiceIssued.class,
            DataSubjectForgotten.class);

    private static final Map<String, Class<? extends TenantEvent>> BY_NAME = new LinkedHashMap<>();

    static {
        TYPES.forEach(type -> BY_NAME.put(type.getSimpleName(), type));
    }

    private EventCatalog() {
    }

    public static String wireName(Class<?> eventType) {
        return eventType.getSimpleName();
    }

    public static Optional<Class<? extends TenantEvent>> typeOf(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    public static List<Class<? extends TenantEvent>> all() {
        return TYPES;
    }
}
