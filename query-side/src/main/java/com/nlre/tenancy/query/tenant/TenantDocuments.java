package com.nlre.tenancy.query.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantStatus;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Date;
import java.util.function.Function;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per tenant, {@code _id} = tenant id (also in
 * {@code tenantId}), timestamps as BSON dates, enums by their wire names, and the contract's value objects
 * (owner, limits, configuration, branding) as nested documents in their JSON shape. {@code version} is the aggregate
 * sequence of the last event applied. The storage format is fixed here, independent of how the HTTP layer is
 * configured to write JSON.
 */
final class TenantDocuments {

    static final String COLLECTION = "tenants";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String BUSINESS_NAME = "businessName";
    static final String BUSINESS_TYPE = "businessType";
    static final String OWNER = "owner";
    static final String PLAN = "plan";
    static final String LIMITS = "limits";
    static final String STATUS = "status";
    static final String STATUS_REASON = "statusReason";
    static final String TRIAL_ENDS_AT = "trialEndsAt";
    static final String SUBSCRIPTION_ENDS_AT = "subscriptionEndsAt";
    static final String CONFIGURATION = "configuration";
    static final String BRANDING = "branding";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String SUSPENDED_AT = "suspendedAt";
    static final String CANCELED_AT = "canceledAt";
    static final String RETENTION_ENDS_AT = "retentionEndsAt";
    static final String OFFBOARDED_AT = "offboardedAt";
    static final String VERSION = "version";

    private static final ObjectMapper STORAGE_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private TenantDocuments() {
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** A value object as a nested document; null stays null. */
    @Nullable
    static Document nested(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Document.parse(STORAGE_JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    static TenantView toView(Document document) {
        return new TenantView(
                document.getString(TENANT_ID),
                document.getString(BUSINESS_NAME),
                wire(document.getString(BUSINESS_TYPE), BusinessType::fromWireName),
                value(document, OWNER, OwnerContact.class),
                wire(document.getString(PLAN), Plan::fromWireName),
                value(document, LIMITS, PlanLimits.class),
                wire(document.getString(STATUS), TenantStatus::fromWireName),
                document.getString(STATUS_REASON),
                instant(document, TRIAL_ENDS_AT),
                instant(document, SUBSCRIPTION_ENDS_AT),
                value(document, CONFIGURATION, TenantConfiguration.class),
                value(document, BRANDING, Branding.class),
                instant(document, CREATED_AT),
                instant(document, UPDATED_AT),
                instant(document, SUSPENDED_AT),
                instant(document, CANCELED_AT),
                instant(document, RETENTION_ENDS_AT),
                instant(document, OFFBOARDED_AT),
                document.get(VERSION, Number.class).longValue());
    }

    @Nullable
    private static <T> T wire(@Nullable String value, Function<String, T> parse) {
        return value == null ? null : parse.apply(value);
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    @Nullable
    private static <T> T value(Document document, String field, Class<T> type) {
        Document nested = document.get(field, Document.class);
        if (nested == null) {
            return null;
        }
        try {
            return STORAGE_JSON.readValue(nested.toJson(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + field + " of tenant " + document.get(ID) + " is unreadable", e);
        }
    }
}
