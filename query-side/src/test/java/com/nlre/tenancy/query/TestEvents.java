package com.nlre.tenancy.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.agent.AgentId;
import com.nlre.tenancy.events.identity.ApiKeyId;
import com.nlre.tenancy.events.identity.ApiKeyIssued;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.PlanPricing;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantCreated;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.projection.ReceivedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Events and envelopes built the way the command side publishes them. */
public final class TestEvents {

    /** How an independent producer writes envelopes: ISO-8601 instants, wire names for enums. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private TestEvents() {
    }

    public static TenantConfiguration configuration(String timezone) {
        return new TenantConfiguration(timezone, "en-US", "MM/DD/YYYY",
                new TenantConfiguration.AiConfig("claude-sonnet-4-5-20250929", new BigDecimal("0.7"), true),
                new TenantConfiguration.CallingConfig("+15559876543", 1800, true, true),
                new TenantConfiguration.TcpaConfig(true, true, LocalTime.of(9, 0), LocalTime.of(20, 0), timezone));
    }

    /** The seed's prices of {@code plan} in minor units (enterprise: none through the platform). */
    public static PlanPricing pricing(Plan plan) {
        return switch (plan) {
            case FREE, ENTERPRISE -> new PlanPricing("USD", 0, List.of());
            case STARTER -> new PlanPricing("USD", 9_900, List.of(new PlanPricing.OverageRate("calls", 25, 500)));
            case PROFESSIONAL -> new PlanPricing("USD", 29_900,
                    List.of(new PlanPricing.OverageRate("calls", 20, 5_000)));
        };
    }

    public static TenantCreated created(TenantId tenantId, Plan plan, Instant createdAt) {
        return new TenantCreated(tenantId, "Acme Real Estate Wholesalers", BusinessType.WHOLESALE,
                new OwnerContact("John Doe", "john@acmere.test", "+15551234567"), plan,
                new PlanLimits(10_000L, 5_000L, 4, 10, 100), pricing(plan), createdAt.plusSeconds(30L * 24 * 3600),
                createdAt.plusSeconds(365L * 24 * 3600), configuration("America/Los_Angeles"),
                new Branding("https://cdn.example.test/logo.png", "#1a73e8", "#34a853", "Inter"), createdAt);
    }

    public static TenantUserAdded userAdded(TenantId tenantId, UserId userId, String name, String email, Role role,
                                            Instant addedAt) {
        return new TenantUserAdded(tenantId, userId, new UserProfile(name, email), role, role.defaultPermissions(),
                addedAt);
    }

    public static ApiKeyIssued apiKeyIssued(TenantId tenantId, ApiKeyId keyId, UserId createdBy,
                                            Set<Permission> scopes, Instant createdAt, Instant expiresAt) {
        return new ApiKeyIssued(tenantId, keyId, "CRM sync", "nlre_" + tenantId + "_sk_live_", "x7Qa", scopes,
                createdBy.value(), createdAt, expiresAt);
    }

    public static EventEnvelope envelope(TenantEvent event, long sequence) {
        return envelope(event, sequence, Instant.now());
    }

    /** The event store's global order, as the outbox would number the events these helpers make. */
    private static final AtomicLong POSITIONS = new AtomicLong();

    public static EventEnvelope envelope(TenantEvent event, long sequence, Instant occurredAt) {
        return envelope(event, "Tenant", event.tenantId().value(), sequence, occurredAt);
    }

    public static EventEnvelope envelope(TenantEvent event, String aggregateType, String aggregateId, long sequence,
                                         Instant occurredAt) {
        String tenantId = event.tenantId().value();
        return new EventEnvelope(UUID.randomUUID().toString(), EventCatalog.wireName(event.getClass()), "1", tenantId,
                aggregateType, aggregateId, sequence, occurredAt,
                Map.of(MetadataKeys.TENANT_ID, tenantId,
                        MetadataKeys.ACTOR_ID, "operator",
                        MetadataKeys.ACTOR_TYPE, "operator",
                        MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString()),
                JSON.valueToTree(event), POSITIONS.incrementAndGet());
    }

    public static ReceivedEvent received(TenantEvent event, long sequence) {
        return new ReceivedEvent(envelope(event, sequence), event);
    }

    /** A lead's contact with one phone number and a property address. */
    public static LeadContact contact(String name, String phone, String street, String city) {
        return new LeadContact(name, List.of(phone), name.toLowerCase(Locale.ROOT).replace(' ', '.')
                + "@owner.test", new LeadContact.PropertyAddress(street, city, "TX", "78701"));
    }

    public static LeadAdded leadAdded(TenantId tenantId, LeadId leadId, LeadContact contact, Instant addedAt,
                                      String... tags) {
        return new LeadAdded(tenantId, leadId, contact, "America/Chicago", "county-records", Set.of(tags), addedAt);
    }

    /** An envelope on the lead's own stream, aggregate {@code <tenantId>.<leadId>}, as the command side numbers it. */
    public static EventEnvelope leadEnvelope(TenantEvent event, LeadId leadId, long sequence) {
        return envelope(event, "Lead", event.tenantId().value() + "." + leadId.value(), sequence, Instant.now());
    }

    /** An envelope on the tenant's do-not-call stream, aggregate {@code <tenantId>.dnc}. */
    public static EventEnvelope dncEnvelope(TenantEvent event, long sequence) {
        return envelope(event, "DoNotCallList", event.tenantId().value() + ".dnc", sequence, Instant.now());
    }

    /** An envelope on the AI agent's own stream, aggregate {@code <tenantId>.<agentId>}. */
    public static EventEnvelope agentEnvelope(TenantEvent event, AgentId agentId, long sequence) {
        return envelope(event, "AiAgent", event.tenantId().value() + "." + agentId.value(), sequence, Instant.now());
    }

    public static ReceivedEvent receivedForAgent(TenantEvent event, AgentId agentId, long sequence) {
        return new ReceivedEvent(agentEnvelope(event, agentId, sequence), event);
    }

    public static ReceivedEvent receivedForLead(TenantEvent event, LeadId leadId, long sequence) {
        return new ReceivedEvent(leadEnvelope(event, leadId, sequence), event);
    }

    public static ReceivedEvent receivedForDnc(TenantEvent event, long sequence) {
        return new ReceivedEvent(dncEnvelope(event, sequence), event);
    }

    public static String json(EventEnvelope envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
