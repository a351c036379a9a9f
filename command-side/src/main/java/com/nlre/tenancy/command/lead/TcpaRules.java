package com.nlre.tenancy.command.lead;

import com.nlre.tenancy.events.tenant.TenantId;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * The telemarketing rules checked before any call, in this order; the first that fails refuses the call. Pure
 * functions of their inputs, so each is testable at a fixed instant.
 */
public final class TcpaRules {

    public static final String WRITTEN_CONSENT_REQUIRED = "WRITTEN_CONSENT_REQUIRED";
    public static final String NUMBER_ON_TENANT_DNC_LIST = "NUMBER_ON_TENANT_DNC_LIST";
    public static final String NUMBER_ON_PLATFORM_DNC_LIST = "NUMBER_ON_PLATFORM_DNC_LIST";
    public static final String OUTSIDE_CALLING_WINDOW = "OUTSIDE_CALLING_WINDOW";
    public static final String CALL_LONGER_THAN_ALLOWED = "CALL_LONGER_THAN_ALLOWED";
    public static final String RECORDING_NOT_ALLOWED = "RECORDING_NOT_ALLOWED";

    private TcpaRules() {
    }

    /**
     * @param leadZone the lead's own zone when known, else null (the tenant's calling-window zone applies)
     */
    static Optional<CallRefusal> check(TenantId tenantId, String phone, Instant startedAt, int durationSeconds,
                                       boolean recorded, Set<String> consentedPhones, ZoneId leadZone,
                                       CallComplianceContext context) {
        TcpaSettings settings = context.settingsOf(tenantId);
        if (settings.requireWrittenConsent() && !consentedPhones.contains(phone)) {
            return refuse(WRITTEN_CONSENT_REQUIRED, "No written consent is on record for " + masked(phone) + ".");
        }
        if (settings.enableDncCheck() && context.onTenantDoNotCallList(tenantId, phone)) {
            return refuse(NUMBER_ON_TENANT_DNC_LIST, masked(phone) + " is on the tenant's do-not-call list.");
        }
        if (settings.enableDncCheck() && context.onPlatformDoNotCallList(phone)) {
            return refuse(NUMBER_ON_PLATFORM_DNC_LIST, masked(phone) + " is on the platform's do-not-call list.");
        }
        ZoneId zone = leadZone != null ? leadZone : settings.callWindowZone();
        if (!withinCallingWindow(startedAt, zone, settings.callWindowStart(), settings.callWindowEnd())) {
            return refuse(OUTSIDE_CALLING_WINDOW, "Calls are allowed from " + settings.callWindowStart() + " to "
                    + settings.callWindowEnd() + " in " + zone + "; it is " + startedAt.atZone(zone).toLocalTime()
                    .withNano(0) + " there.");
        }
        if (durationSeconds > settings.maxCallDurationSeconds()) {
            return refuse(CALL_LONGER_THAN_ALLOWED, "Calls may last at most " + settings.maxCallDurationSeconds()
                    + " seconds.");
        }
        if (recorded && !settings.recordingAllowed()) {
            return refuse(RECORDING_NOT_ALLOWED, "Recording is not allowed by this tenant's plan or configuration.");
        }
        return Optional.empty();
    }

    /**
     * The window is local wall-clock time in {@code zone}, start inclusive and end exclusive, so on a
     * daylight-saving day it still means 09:00–20:00 on the clocks the called person sees.
     */
    public static boolean withinCallingWindow(Instant at, ZoneId zone, LocalTime start, LocalTime end) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return !local.isBefore(start) && local.isBefore(end);
    }

    /** Only the last four digits appear in refusal reasons. */
    static String masked(String phone) {
        return phone.length() <= 4 ? "****" : "***" + phone.substring(phone.length() - 4);
    }

    private static Optional<CallRefusal> refuse(String rule, String reason) {
        return Optional.of(new CallRefusal(rule, reason));
    }
}
