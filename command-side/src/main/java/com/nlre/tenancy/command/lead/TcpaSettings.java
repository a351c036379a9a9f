package com.nlre.tenancy.command.lead;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * What the compliance rules need to know about a tenant when a call is attempted: its TCPA configuration, its call
 * length limit, and whether its plan and configuration allow recording.
 */
public record TcpaSettings(boolean requireWrittenConsent, boolean enableDncCheck, LocalTime callWindowStart,
                           LocalTime callWindowEnd, ZoneId callWindowZone, int maxCallDurationSeconds,
                           boolean recordingAllowed) {
}
