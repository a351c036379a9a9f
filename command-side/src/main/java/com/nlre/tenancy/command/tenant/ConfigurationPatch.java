package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.events.tenant.TenantConfiguration;
import com.nlre.tenancy.events.tenant.TenantConfiguration.AiConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.CallingConfig;
import com.nlre.tenancy.events.tenant.TenantConfiguration.TcpaConfig;

import java.math.BigDecimal;
import java.time.LocalTime;

/**
 * A partial configuration in JSON merge-patch style: a null field keeps the current value. Applying it gives a whole
 * {@link TenantConfiguration}, which the tenant then validates.
 */
public record ConfigurationPatch(String timezone, String locale, String dateFormat, AiPatch ai, CallingPatch calling,
                                 TcpaPatch tcpa) {

    public static final ConfigurationPatch NONE = new ConfigurationPatch(null, null, null, null, null, null);

    public record AiPatch(String model, BigDecimal temperature, Boolean enablePromptCaching) {
    }

    public record CallingPatch(String defaultCallerId, Integer maxCallDuration, Boolean enableRecording,
                               Boolean enableTranscription) {
    }

    public record TcpaPatch(Boolean requireWrittenConsent, Boolean enableDNCCheck, LocalTime callWindowStart,
                            LocalTime callWindowEnd, String callWindowTimezone) {
    }

    public TenantConfiguration applyTo(TenantConfiguration current) {
        AiConfig currentAi = current.ai();
        CallingConfig currentCalling = current.calling();
        TcpaConfig currentTcpa = current.tcpa();
        AiConfig nextAi = ai == null ? currentAi : new AiConfig(
                or(ai.model(), currentAi.model()),
                or(ai.temperature(), currentAi.temperature()),
                or(ai.enablePromptCaching(), currentAi.enablePromptCaching()));
        CallingConfig nextCalling = calling == null ? currentCalling : new CallingConfig(
                or(calling.defaultCallerId(), currentCalling.defaultCallerId()),
                or(calling.maxCallDuration(), currentCalling.maxCallDuration()),
                or(calling.enableRecording(), currentCalling.enableRecording()),
                or(calling.enableTranscription(), currentCalling.enableTranscription()));
        TcpaConfig nextTcpa = tcpa == null ? currentTcpa : new TcpaConfig(
                or(tcpa.requireWrittenConsent(), currentTcpa.requireWrittenConsent()),
                or(tcpa.enableDNCCheck(), currentTcpa.enableDNCCheck()),
                or(tcpa.callWindowStart(), currentTcpa.callWindowStart()),
                or(tcpa.callWindowEnd(), currentTcpa.callWindowEnd()),
                or(tcpa.callWindowTimezone(), currentTcpa.callWindowTimezone()));
        return new TenantConfiguration(or(timezone, current.timezone()), or(locale, current.locale()),
                or(dateFormat, current.dateFormat()), nextAi, nextCalling, nextTcpa);
    }

    private static <T> T or(T patched, T current) {
        return patched != null ? patched : current;
    }
}
