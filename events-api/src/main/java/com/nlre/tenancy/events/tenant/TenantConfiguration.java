package com.nlre.tenancy.events.tenant;

import java.math.BigDecimal;
import java.time.LocalTime;

/**
 * A tenant's settings (seed: tenants.config). Always carried whole: an update event holds the full result.
 *
 * @param timezone   IANA zone id, e.g. {@code America/Los_Angeles}
 * @param locale     BCP 47 tag, e.g. {@code en-US}
 * @param dateFormat display pattern, e.g. {@code MM/DD/YYYY}
 */
public record TenantConfiguration(
        String timezone,
        String locale,
        String dateFormat,
        AiConfig ai,
        CallingConfig calling,
        TcpaConfig tcpa) {

    public record AiConfig(String model, BigDecimal temperature, boolean enablePromptCaching) {
    }

    /** @param maxCallDuration seconds */
    public record CallingConfig(String defaultCallerId, int maxCallDuration, boolean enableRecording,
                                boolean enableTranscription) {
    }

    /** Telemarketing (TCPA) rules applied before any call. The window is evaluated in {@code callWindowTimezone}. */
    public record TcpaConfig(boolean requireWrittenConsent, boolean enableDNCCheck, LocalTime callWindowStart,
                             LocalTime callWindowEnd, String callWindowTimezone) {
    }
}
