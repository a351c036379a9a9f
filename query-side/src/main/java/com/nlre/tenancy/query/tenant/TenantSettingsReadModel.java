package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import org.bson.Document;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

import static com.nlre.tenancy.query.tenant.TenantDocuments.COLLECTION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.CONFIGURATION;
import static com.nlre.tenancy.query.tenant.TenantDocuments.LIMITS;

/**
 * A tenant's own settings, read from its document in the tenants read model through {@link TenantScopedMongo}:
 * the tenant reads itself, so this is no cross-tenant read. A tenant not projected yet gets
 * {@link TenantSettings#DEFAULT_ZONE} and no limits.
 */
@Component
public class TenantSettingsReadModel {

    private static final String TIMEZONE = "timezone";

    private final TenantScopedMongo mongo;

    public TenantSettingsReadModel(TenantScopedMongo mongo) {
        this.mongo = mongo;
    }

    public TenantSettings settingsOf(TenantId tenantId) {
        Optional<Document> tenant = mongo.findOne(tenantId, COLLECTION, new Document());
        if (tenant.isEmpty()) {
            return new TenantSettings(TenantSettings.DEFAULT_ZONE, PlanLimits.UNLIMITED);
        }
        Document configuration = tenant.get().get(CONFIGURATION, Document.class);
        Document limits = tenant.get().get(LIMITS, Document.class);
        return new TenantSettings(zone(configuration == null ? null : configuration.getString(TIMEZONE)),
                limits == null ? PlanLimits.UNLIMITED : new PlanLimits(
                        longOrNull(limits.get("maxLeads")), longOrNull(limits.get("maxCalls")),
                        intOrNull(limits.get("maxAgents")), intOrNull(limits.get("maxUsers")),
                        intOrNull(limits.get("storageGb"))));
    }

    private static ZoneId zone(@Nullable String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return TenantSettings.DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException unknown) {
            return TenantSettings.DEFAULT_ZONE;
        }
    }

    @Nullable
    private static Long longOrNull(@Nullable Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }

    @Nullable
    private static Integer intOrNull(@Nullable Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }
}
