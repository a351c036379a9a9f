package com.nlre.tenancy.command.usage;

import java.util.Locale;

/** What a plan includes beyond its limits (seed: Pricing & Plans). */
public enum Feature {
    CALL_RECORDING, CUSTOM_BRANDING, API_ACCESS, PRIORITY_SUPPORT, DEDICATED_INSTANCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
